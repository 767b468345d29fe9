#pragma once

// locks/NAME.lock in the state directory: an flock held while a run of NAME
// executes, so policy.concurrency holds across processes.
#include <filesystem>
#include <optional>
#include <string>

#include "base/error.h"

namespace unyo::playbooks {

// Held while a run of one playbook executes (policy.concurrency), across
// processes. Released when destroyed.
class PlaybookLock {
 public:
  // nullopt when another run (in this or another process) holds it.
  static Expected<std::optional<PlaybookLock>> tryAcquire(const std::filesystem::path& stateDir,
                                                          const std::string& playbook);
  PlaybookLock(PlaybookLock&& other) noexcept;
  PlaybookLock& operator=(PlaybookLock&& other) noexcept;
  PlaybookLock(const PlaybookLock&) = delete;
  PlaybookLock& operator=(const PlaybookLock&) = delete;
  ~PlaybookLock();

 private:
  explicit PlaybookLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace unyo::playbooks
