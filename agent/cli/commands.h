#pragma once

// One function per CLI command; each returns the process exit code.

#include "agent/cli/cli.h"
#include "base/clock.h"
#include "base/logger.h"

namespace unyo::agent {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;  // usage error, or an invalid config (except for check)

int runDaemonCommand(const CommandLine& cli, const Clock& clock, Logger& log);
int runCheckCommand(const CommandLine& cli);
int runCollectCommand(const CommandLine& cli, const Clock& clock, Logger& log);
int runPlaybookCommand(const CommandLine& cli, const Clock& clock, Logger& log);
int runPlaybookNextCommand(const CommandLine& cli, const Clock& clock);
int runRunsCommand(const CommandLine& cli, const Clock& clock);
int runReportCommand(const CommandLine& cli, const Clock& clock);
int runFleetCommand(const CommandLine& cli, const Clock& clock);

}  // namespace unyo::agent
