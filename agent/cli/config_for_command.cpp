#include "agent/cli/config_for_command.h"

#include <cstdio>
#include <filesystem>

namespace unyo::agent {

std::string missingConfigHint(const std::string& path) {
  std::error_code ec;
  // exists() clears ec for a plain "not there"; any other error (a folder
  // it may not search) is reported by the loader as it is.
  if (std::filesystem::exists(path, ec) || ec) return "";
  return "unyo: no config file at " + path +
         "; give one with --config FILE or the UNYO_CONFIG environment variable "
         "(packaging/unyo.yaml in the source tree is an annotated example)\n";
}

std::expected<Config, int> loadConfigForCommand(const CommandLine& cli, int failureCode) {
  const std::string path = resolveConfigPath(cli);
  auto config = loadConfig(path);
  if (!config) {
    std::fputs(config.error().toString().c_str(), stderr);
    std::fputs(missingConfigHint(path).c_str(), stderr);
    return std::unexpected(failureCode);
  }
  return std::move(*config);
}

}  // namespace unyo::agent
