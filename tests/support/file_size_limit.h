#pragma once

// A full disk for one process, without a full disk: while it lives, writes
// that would make any file larger than `bytes` fail with EFBIG (RLIMIT_FSIZE,
// with SIGXFSZ ignored so the write fails instead of killing the process).
// Restores both on destruction.

#include <sys/resource.h>

#include <csignal>

namespace unyo::testing {

class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    getrlimit(RLIMIT_FSIZE, &saved_);
    previous_ = std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit tight = saved_;
    tight.rlim_cur = bytes;
    ok_ = setrlimit(RLIMIT_FSIZE, &tight) == 0;
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, previous_);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

  bool ok() const { return ok_; }

 private:
  struct rlimit saved_ {};
  void (*previous_)(int) = nullptr;
  bool ok_ = false;
};

}  // namespace unyo::testing
