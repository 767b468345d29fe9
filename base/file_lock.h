#pragma once

// Descriptors and flocks for the state directory. flock rather than fcntl
// locks: an flock belongs to the open file description, so two holders in
// one process exclude each other too, and closing an unrelated descriptor
// of the same file does not drop it.

#include <filesystem>
#include <string>

#include "base/error.h"
#include "base/unique_fd.h"

namespace unyo {

// Opens `path` for locking, creating it (mode 0640) if missing.
Expected<UniqueFd> openLockFile(const std::filesystem::path& path);

// An exclusive flock on a lock file, held until destroyed; waits while
// another process (or another holder in this one) has it.
class ExclusiveFileLock {
 public:
  static Expected<ExclusiveFileLock> acquire(const std::filesystem::path& lockFile);

 private:
  explicit ExclusiveFileLock(UniqueFd fd) : fd_(std::move(fd)) {}
  UniqueFd fd_;
};


}  // namespace unyo
