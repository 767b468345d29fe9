#pragma once

// Helpers for the state directory tests: run records with fixed times, and
// forked children, because the state files are shared between processes.

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <string>

#include "playbooks/run_record.h"

namespace unyo::playbooks::testing {

inline Clock::WallTime at(std::int64_t unixSeconds) {
  return Clock::WallTime(std::chrono::seconds(unixSeconds));
}

inline RunRecord makeRun(std::string id, std::string playbook, RunStatus status,
                         Clock::WallTime createdAt) {
  RunRecord run;
  run.id = std::move(id);
  run.playbook = std::move(playbook);
  run.status = status;
  run.createdAt = createdAt;
  return run;
}

// Runs `body` in a forked child that exits with what `body` returns, without
// running the parent's test teardown or atexit handlers.
template <class Body>
pid_t forkChild(Body body) {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(body());
  return pid;
}

// The child's exit code, or 128 + signal.
inline int waitChild(pid_t pid) {
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// A one-way signal between forked processes over a pipe. Every process but
// the opener calls wait(); the opener calls open().
class Gate {
 public:
  Gate() {
    if (::pipe(fds_) != 0) fds_[0] = fds_[1] = -1;
  }
  ~Gate() {
    closeEnd(0);
    closeEnd(1);
  }
  Gate(const Gate&) = delete;
  Gate& operator=(const Gate&) = delete;

  // Lets `waiters` processes through.
  void open(int waiters = 1) {
    for (int i = 0; i < waiters; ++i) {
      const char byte = 1;
      const ssize_t written = ::write(fds_[1], &byte, 1);
      static_cast<void>(written);
    }
    closeEnd(1);
  }
  // true once the opener opened the gate; false if it went away without.
  bool wait() {
    closeEnd(1);
    char byte = 0;
    return ::read(fds_[0], &byte, 1) == 1;
  }

 private:
  void closeEnd(int end) {
    if (fds_[end] >= 0) ::close(fds_[end]);
    fds_[end] = -1;
  }
  int fds_[2];
};

// A pid that certainly belonged to a process and now names none (a child
// that exited and was reaped).
inline pid_t deadPid() {
  const pid_t pid = forkChild([] { return 0; });
  waitChild(pid);
  return pid;
}

}  // namespace unyo::playbooks::testing
