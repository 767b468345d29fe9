#pragma once

// Descriptors and flocks for the state directory. flock rather than fcntl
// locks: an flock belongs to the open file description, so two holders in
// one process exclude each other too, and closing an unrelated descriptor
// of the same file does not drop it.

#include <filesystem>
#include <string>

#include "collectors/error.h"

namespace unyo::playbooks {

// Owns a file descriptor; closes it when destroyed.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept;
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd();

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release();  // gives the descriptor up without closing it
  void reset();   // closes it now

 private:
  int fd_ = -1;
};

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

// "PATH: what went wrong: strerror(err)"
std::string systemErrorText(const std::filesystem::path& path, std::string_view what, int err);

}  // namespace unyo::playbooks
