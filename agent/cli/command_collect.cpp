// `unyo collect`: one sampler cycle, printed as exposition text.

#include <cstdio>

#include "agent/cli/commands.h"
#include "agent/cli/config_for_command.h"
#include "agent/config/config.h"
#include "agent/daemon/collector_setup.h"
#include "exporter/text_format.h"

namespace unyo::agent {

int runCollectCommand(const CommandLine& cli, const Clock& clock, Logger& log) {
  auto config = loadConfigForCommand(cli, kExitUsage);
  if (!config) return config.error();
  collectors::RealStatFs statFs;
  const std::vector<std::string> only = cli.values("collector");
  auto sampler = buildSampler(config->collectors, clock, log, statFs, only);
  if (!sampler) {
    std::fprintf(stderr, "unyo: %s\n", sampler.error().message.c_str());
    return kExitUsage;
  }
  const collectors::SnapshotPtr snapshot = (*sampler)->sample();
  std::string text;
  exporter::appendTextFormat(text, snapshot->families);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return std::fflush(stdout) == 0 ? kExitOk : kExitFailure;
}

}  // namespace unyo::agent
