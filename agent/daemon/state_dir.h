#pragma once

// The state directory (run history, counters, locks): created at startup
// if missing, and checked to be writable, so a wrong `state.dir` fails at
// once with a clear message rather than at the first run hours later.

#include <filesystem>

#include "base/error.h"

namespace unyo::agent {

Expected<void> prepareStateDir(const std::filesystem::path& dir);

}  // namespace unyo::agent
