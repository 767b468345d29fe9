// Every built-in action, by name: the one list the parser checks steps
// against and the engine creates actions from.

#include <algorithm>
#include <vector>

#include "playbooks/actions/action.h"
#include "playbooks/actions/assert_action.h"
#include "playbooks/actions/backup_verify_action.h"
#include "playbooks/actions/disk_check_action.h"
#include "playbooks/actions/exec_action.h"
#include "playbooks/actions/file_cleanup_action.h"
#include "playbooks/actions/http_check_action.h"
#include "playbooks/actions/notify_webhook_action.h"
#include "playbooks/actions/service_action.h"
#include "playbooks/actions/tcp_check_action.h"
#include "playbooks/actions/tls_check_action.h"
#include "playbooks/actions/wait_action.h"

namespace unyo::playbooks {
namespace {

// The `with:` keys that name a file or folder on this machine. The agent
// runs from `/` under systemd and from wherever a person typed `unyo
// playbook run`, so a relative path would mean different files in the two:
// every one must be absolute (docs/playbooks.md, Actions).
constexpr std::pair<std::string_view, std::string_view> kAbsolutePaths[] = {
    {"file.cleanup", "path"},  {"backup.verify", "path"},   {"disk.check", "path"},
    {"exec", "cwd"},           {"tls.check", "file"},       {"tls.check", "ca_file"},
    {"http.check", "ca_file"}, {"notify.webhook", "ca_file"},
};

ActionDescriptor withPathMarkers(ActionDescriptor action) {
  for (ParamSpec& param : action.params) {
    for (const auto& [name, key] : kAbsolutePaths) {
      if (action.name == name && param.name == key) param.absolutePath = true;
    }
  }
  return action;
}

}  // namespace

std::span<const ActionDescriptor> actionRegistry() {
  static const std::vector<ActionDescriptor> kActions = [] {
    std::vector<ActionDescriptor> actions;
    for (auto descriptor : {execActionDescriptor, fileCleanupActionDescriptor,
                            diskCheckActionDescriptor, backupVerifyActionDescriptor,
                            assertActionDescriptor, httpCheckActionDescriptor,
                            tcpCheckActionDescriptor, tlsCheckActionDescriptor,
                            notifyWebhookActionDescriptor, serviceStatusActionDescriptor,
                            serviceStartActionDescriptor, serviceStopActionDescriptor,
                            serviceRestartActionDescriptor, waitActionDescriptor}) {
      actions.push_back(withPathMarkers(descriptor()));
    }
    return actions;
  }();
  return kActions;
}

const ActionDescriptor* findAction(std::string_view name) {
  const auto all = actionRegistry();
  auto it = std::find_if(all.begin(), all.end(), [&](const auto& a) { return a.name == name; });
  return it == all.end() ? nullptr : &*it;
}

}  // namespace unyo::playbooks
