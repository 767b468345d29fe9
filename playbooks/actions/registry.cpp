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

std::span<const ActionDescriptor> actionRegistry() {
  static const std::vector<ActionDescriptor> kActions = {
      execActionDescriptor(),
      fileCleanupActionDescriptor(),
      diskCheckActionDescriptor(),
      backupVerifyActionDescriptor(),
      assertActionDescriptor(),
      httpCheckActionDescriptor(),
      tcpCheckActionDescriptor(),
      tlsCheckActionDescriptor(),
      notifyWebhookActionDescriptor(),
      serviceStatusActionDescriptor(),
      serviceStartActionDescriptor(),
      serviceStopActionDescriptor(),
      serviceRestartActionDescriptor(),
      waitActionDescriptor(),
  };
  return kActions;
}

const ActionDescriptor* findAction(std::string_view name) {
  const auto all = actionRegistry();
  auto it = std::find_if(all.begin(), all.end(), [&](const auto& a) { return a.name == name; });
  return it == all.end() ? nullptr : &*it;
}

}  // namespace unyo::playbooks
