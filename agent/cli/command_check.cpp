// `unyo check`: validate the config, its web config file and every playbook
// it points at, and print every error as FILE:LINE:COL: message.

#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "agent/cli/commands.h"
#include "agent/cli/config_for_command.h"
#include "agent/config/config.h"
#include "base/file_trust.h"
#include "exporter/web_config_watcher.h"

namespace unyo::agent {

int runCheckCommand(const CommandLine& cli) {
  const std::string path = resolveConfigPath(cli);
  auto config = loadConfig(path);
  if (!config) {
    std::fputs(config.error().toString().c_str(), stderr);
    std::fprintf(stderr, "%s: %zu error%s\n", path.c_str(), config.error().size(),
                 config.error().size() == 1 ? "" : "s");
    std::fputs(missingConfigHint(path).c_str(), stderr);
    return kExitFailure;
  }
  if (auto file = cli.value("web.config.file"))
    config->web.configFile = std::filesystem::absolute(*file);
  bool tls = false;
  if (!config->web.configFile.empty()) {
    // The certificates are loaded too: a key that does not match fails here,
    // not at the next restart.
    // The same refusal `unyo run` makes, so check does not pass a file run rejects.
    if (auto trusted = checkTrustedPath(config->web.configFile, ::geteuid()); !trusted) {
      std::fprintf(stderr, "%s\n", trusted.error().message.c_str());
      return kExitFailure;
    }
    auto web = exporter::loadWebConfig(config->web.configFile);
    if (!web) {
      std::fputs(web.error().toString().c_str(), stderr);
      std::fprintf(stderr, "%s: %zu error%s\n", config->web.configFile.c_str(), web.error().size(),
                   web.error().size() == 1 ? "" : "s");
      return kExitFailure;
    }
    tls = web->tls != nullptr;
  }
  if (auto exposed = checkApiExposure(*config, tls); !exposed) {
    std::fprintf(stderr, "%s\n", exposed.error().message.c_str());
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
