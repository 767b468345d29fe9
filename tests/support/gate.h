#pragma once

// A job that blocks until the test opens the gate, like statfs on a dead
// NFS server: lets a test hold a pool thread for as long as it needs.

#include <condition_variable>
#include <mutex>

namespace unyo::testing {

class Gate {
 public:
  void pass() {
    std::unique_lock lock(mutex_);
    opened_.wait(lock, [&] { return open_; });
  }
  void open() {
    {
      std::lock_guard lock(mutex_);
      open_ = true;
    }
    opened_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable opened_;
  bool open_ = false;
};

}  // namespace unyo::testing
