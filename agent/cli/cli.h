#pragma once

// The command line: `unyo [flags] COMMAND [SUBCOMMAND] [flags] [ARGS]`.
// Each command accepts only its own flags, so a misspelt or misplaced flag
// is a usage error (exit 2) rather than silently ignored.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/error.h"
#include "base/logger.h"

namespace unyo::agent {

struct CommandLine {
  std::string command;     // run, check, collect, version, playbook, runs, report, fleet, help
  std::string subcommand;  // playbook: list|show|next|validate|run; runs: show|approve|reject (or
                           // empty); fleet: report
  std::vector<std::string> arguments;
  std::optional<std::string> configPath;  // --config
  LogLevel logLevel = LogLevel::info;
  bool logLevelGiven = false;  // --log.level was on the command line
  LogFormat logFormat = LogFormat::logfmt;
  // Every other flag by its name without dashes; repeatable flags keep all values.
  std::map<std::string, std::vector<std::string>> flags;

  bool has(const std::string& flag) const { return flags.contains(flag); }
  std::optional<std::string> value(const std::string& flag) const;
  std::vector<std::string> values(const std::string& flag) const;
};

// A usage error's message names the problem; print it with usage().
Expected<CommandLine> parseCommandLine(int argc, const char* const* argv);

std::string usage();

// --config, else $UNYO_CONFIG, else /etc/unyo/unyo.yaml.
std::string resolveConfigPath(const CommandLine& cli);

}  // namespace unyo::agent
