// unyo: the entry point only parses the command line and dispatches.

#include <cstdio>

#include "agent/cli/cli.h"
#include "agent/cli/commands.h"
#include "agent/config/version.h"
#include "agent/daemon/memory_tuning.h"

int main(int argc, char** argv) {
  using namespace unyo::agent;
  auto cli = parseCommandLine(argc, argv);
  if (!cli) {
    std::fprintf(stderr, "unyo: %s\n\n%s", cli.error().message.c_str(), usage().c_str());
    return kExitUsage;
  }
  unyo::SystemClock clock;
  unyo::Logger log(clock, cli->logLevel, cli->logFormat);
  try {
    if (cli->command == "help") {
      std::fputs(usage().c_str(), stdout);
      return kExitOk;
    }
    if (cli->command == "version") {
      std::fputs(buildInfo().c_str(), stdout);
      return kExitOk;
    }
    if (cli->command == "run") {
      tuneAllocatorForDaemon();
      return runDaemonCommand(*cli, clock, log);
    }
    if (cli->command == "check") return runCheckCommand(*cli);
    if (cli->command == "collect") return runCollectCommand(*cli, clock, log);
    if (cli->command == "playbook") {
      // A run prints its own progress; the engine's info lines would repeat it.
      if (cli->subcommand == "run" && !cli->logLevelGiven) log.setLevel(unyo::LogLevel::warn);
      return runPlaybookCommand(*cli, clock, log);
    }
    if (cli->command == "runs") return runRunsCommand(*cli, clock);
    if (cli->command == "report") return runReportCommand(*cli, clock);
    if (cli->command == "fleet") return runFleetCommand(*cli, clock);
    // parseCommandLine accepts only the commands above.
    std::fprintf(stderr, "unyo: no handler for command \"%s\"\n", cli->command.c_str());
    return kExitFailure;
  } catch (const std::exception& e) {
    // Nothing should get here; if something does, say so plainly instead of
    // aborting with a stack trace.
    log.error("unexpected error", {{"err", e.what()}});
    return kExitFailure;
  }
}
