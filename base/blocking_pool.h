#pragma once

// A few threads for calls that can block in the kernel for as long as it
// likes, such as statfs on a dead NFS server, or that take long, such as a
// walk of 100,000 files. The one way the agent runs "this, but give up
// after a deadline": a caller hands over a batch of jobs and waits a
// bounded time (runAll), or a coroutine awaits one job (awaitWithin and
// awaitBlocking in base/await_blocking.h). A job still running keeps its
// thread until the kernel lets go, so a bounded pool bounds the damage.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace unyo {

class BlockingPool {
 public:
  enum class Outcome {
    finished,      // returned within the timeout
    stillRunning,  // started and has not returned; it will finish on its own
    notStarted,    // no thread was free in time; dropped, it will never run
  };

  explicit BlockingPool(std::size_t threads);
  // Threads that are idle are joined; a thread still blocked in a job is
  // detached rather than waited for, so a hung mount cannot hang shutdown.
  // Such a job must only touch what it owns or what lives until exit.
  ~BlockingPool();
  BlockingPool(const BlockingPool&) = delete;
  BlockingPool& operator=(const BlockingPool&) = delete;

  // Runs the jobs on the pool's threads and waits at most `timeout` for all
  // of them. Results travel through the jobs' own captures.
  std::vector<Outcome> runAll(std::vector<std::function<void()>> jobs,
                              std::chrono::milliseconds timeout);

  // Queues one job to run when a thread is free; returns at once. The job
  // reports through its own captures. False (the job is dropped) once the
  // pool is being destroyed.
  bool post(std::function<void()> job);

  // Blocks until no job is queued or running: the point where every job
  // that outlived its runAll() has returned. For tests and orderly shutdown.
  void waitUntilIdle();

  // Threads currently inside a job.
  std::size_t busyThreads() const;

 private:
  struct Shared;
  static void work(std::shared_ptr<Shared> shared, std::size_t index);

  std::shared_ptr<Shared> shared_;  // also owned by every thread, detached or not
  std::vector<std::thread> threads_;
};

}  // namespace unyo
