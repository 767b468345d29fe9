#pragma once

// statfs answers decided by the test, including a call that hangs like
// statfs on a dead NFS server until the test releases it.

#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "collectors/statfs.h"

namespace unyo::testing {

class FakeStatFs final : public collectors::StatFs {
 public:
  // Lets hung calls return and waits for them, so no thread is left inside.
  ~FakeStatFs() override {
    release();
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return inFlight_ == 0; });
  }

  void set(const std::filesystem::path& path, collectors::FilesystemUsage usage) {
    std::lock_guard lock(mutex_);
    usages_[path] = usage;
  }

  // Calls for `path` block until release().
  void hang(const std::filesystem::path& path) {
    std::lock_guard lock(mutex_);
    hanging_.insert(path);
    released_ = false;
  }

  void release() {
    {
      std::lock_guard lock(mutex_);
      hanging_.clear();
      released_ = true;
    }
    changed_.notify_all();
  }

  // Blocks until `count` calls are blocked in hang()ed paths.
  void waitUntilBlocked(int count) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return blocked_ >= count; });
  }

  int calls(const std::filesystem::path& path) const {
    std::lock_guard lock(mutex_);
    const auto it = calls_.find(path);
    return it == calls_.end() ? 0 : it->second;
  }

  // Paths never set() answer ENOENT-like errors.
  Expected<collectors::FilesystemUsage> stat(const std::filesystem::path& path) override {
    std::unique_lock lock(mutex_);
    ++calls_[path];
    ++inFlight_;
    if (hanging_.contains(path)) {
      ++blocked_;
      changed_.notify_all();
      changed_.wait(lock, [&] { return released_; });
      --blocked_;
    }
    Expected<collectors::FilesystemUsage> result =
        fail("statvfs " + path.string() + ": no such file");
    if (const auto it = usages_.find(path); it != usages_.end()) result = it->second;
    --inFlight_;
    changed_.notify_all();
    return result;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::filesystem::path, collectors::FilesystemUsage> usages_;
  std::map<std::filesystem::path, int> calls_;
  std::set<std::filesystem::path> hanging_;
  bool released_ = true;
  int blocked_ = 0;
  int inFlight_ = 0;
};

}  // namespace unyo::testing
