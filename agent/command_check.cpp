// `unyo check`: validate the config (and, once playbooks exist, every
// playbook) and print every error as FILE:LINE:COL: message.

#include <cstdio>

#include "agent/commands.h"
#include "agent/config.h"

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
  std::printf("%s: ok\n", path.c_str());
  return kExitOk;
}

}  // namespace unyo::agent
