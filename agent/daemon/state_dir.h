#pragma once

// The state directory (run history, counters, ledger, approvals, locks):
// created at startup if missing, mode 0700, and checked before anything is
// read from it. Whoever can write it can forge approvals and rewrite the
// evidence of labor and cost, so a directory that is a symlink, owned by
// another user, or writable by group or others is refused with the command
// that fixes it — at once, not at the first run hours later.

#include <filesystem>

#include "base/error.h"

namespace unyo::agent {

Expected<void> prepareStateDir(const std::filesystem::path& dir);

}  // namespace unyo::agent
