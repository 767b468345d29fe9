// `unyo check`: validate the config and every playbook it points at, and
// print every error as FILE:LINE:COL: message.

#include <cstdio>

#include "agent/cli/commands.h"
#include "agent/config/config.h"

namespace unyo::agent {

int runCheckCommand(const CommandLine& cli) {
  const std::string path = resolveConfigPath(cli);
  auto config = loadConfig(path);
  if (!config) {
    std::fputs(config.error().toString().c_str(), stderr);
    std::fprintf(stderr, "%s: %zu error%s\n", path.c_str(), config.error().size(),
                 config.error().size() == 1 ? "" : "s");
    return kExitFailure;
  }
  auto playbooks = loadConfiguredPlaybooks(*config);
  if (!playbooks) {
    std::fputs(playbooks.error().toString().c_str(), stderr);
    std::fprintf(stderr, "playbooks: %zu error%s\n", playbooks.error().size(),
                 playbooks.error().size() == 1 ? "" : "s");
    return kExitFailure;
  }
  std::printf("%s: ok, %zu playbook%s\n", path.c_str(), playbooks->size(),
              playbooks->size() == 1 ? "" : "s");
  return kExitOk;
}

}  // namespace unyo::agent
