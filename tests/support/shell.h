#pragma once

// Running real command-line tools (openssl, curl, promtool) from tests.

#include <filesystem>
#include <string>

namespace unyo::testing {

// Runs `command` with /bin/sh; its exit status (-1 if it could not run or
// was killed).
int runShell(const std::string& command);

// What `command` printed on stdout.
std::string captureShell(const std::string& command);

// `path` in single quotes for /bin/sh (test paths hold no quotes).
std::string shellQuote(const std::filesystem::path& path);

}  // namespace unyo::testing
