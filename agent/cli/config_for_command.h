#pragma once

// Loading the config for a command, and saying what went wrong in a way a
// newcomer can act on: a missing file is the most common first error
// (`unyo runs` on a machine where the config lives elsewhere), so it
// names the two ways to give one.

#include <expected>
#include <string>

#include "agent/cli/cli.h"
#include "agent/config/config.h"

namespace unyo::agent {

// How to point unyo at a config, when `path` does not exist; "" otherwise.
std::string missingConfigHint(const std::string& path);

// The config resolveConfigPath() names, or, after printing every problem
// (and the hint above) to stderr, the exit code `failureCode`.
std::expected<Config, int> loadConfigForCommand(const CommandLine& cli, int failureCode);

}  // namespace unyo::agent
