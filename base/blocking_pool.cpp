#include "base/blocking_pool.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>

namespace unyo {

struct Batch {
  std::vector<BlockingPool::Outcome> outcomes;
  std::vector<bool> started;
  std::size_t unfinished = 0;
};

struct QueuedJob {
  std::function<void()> run;
  std::shared_ptr<Batch> batch;  // null for a job given to post()
  std::size_t index = 0;
};

struct BlockingPool::Shared {
  std::mutex mutex;
  std::condition_variable workQueued;
  std::condition_variable jobFinished;
  std::deque<QueuedJob> queue;
  std::vector<bool> busy;  // per thread
  std::size_t running = 0;
  bool stopping = false;
};

BlockingPool::BlockingPool(std::size_t threads) : shared_(std::make_shared<Shared>()) {
  threads = std::max<std::size_t>(threads, 1);
  shared_->busy.assign(threads, false);
  threads_.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back(work, shared_, i);
}

BlockingPool::~BlockingPool() {
  std::vector<bool> busy;
  {
    std::lock_guard lock(shared_->mutex);
    shared_->stopping = true;
    shared_->queue.clear();
    busy = shared_->busy;
  }
  shared_->workQueued.notify_all();
  for (std::size_t i = 0; i < threads_.size(); ++i) {
    // An idle thread sees `stopping` and returns at once. A busy one may be
    // stuck in the kernel: it keeps `shared_` alive and exits when released.
    if (busy[i]) {
      threads_[i].detach();
    } else {
      threads_[i].join();
    }
  }
}

void BlockingPool::work(std::shared_ptr<Shared> shared, std::size_t index) {
  std::unique_lock lock(shared->mutex);
  for (;;) {
    shared->workQueued.wait(lock, [&] { return shared->stopping || !shared->queue.empty(); });
    if (shared->stopping) return;
    QueuedJob job = std::move(shared->queue.front());
    shared->queue.pop_front();
    if (job.batch) job.batch->started[job.index] = true;
    shared->busy[index] = true;
    ++shared->running;
    lock.unlock();

    try {
      job.run();
    } catch (...) {
      // A job reports through its captures; an escaped exception must not
      // take the process down with std::terminate.
    }
    job.run = nullptr;  // release the captures outside the lock

    lock.lock();
    if (job.batch) {
      job.batch->outcomes[job.index] = Outcome::finished;
      --job.batch->unfinished;
    }
    shared->busy[index] = false;
    --shared->running;
    shared->jobFinished.notify_all();
  }
}

std::vector<BlockingPool::Outcome> BlockingPool::runAll(std::vector<std::function<void()>> jobs,
                                                        std::chrono::milliseconds timeout) {
  auto batch = std::make_shared<Batch>();
  batch->outcomes.assign(jobs.size(), Outcome::notStarted);
  batch->started.assign(jobs.size(), false);
  batch->unfinished = jobs.size();
  if (jobs.empty()) return {};

  std::unique_lock lock(shared_->mutex);
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    shared_->queue.push_back({std::move(jobs[i]), batch, i});
    shared_->workQueued.notify_one();  // wake one thread per job, not every idle one
  }
  shared_->jobFinished.wait_for(lock, timeout, [&] { return batch->unfinished == 0; });

  // Jobs no thread took in time are dropped: the caller has moved on.
  std::deque<QueuedJob> dropped;
  std::erase_if(shared_->queue, [&](QueuedJob& job) {
    if (job.batch != batch) return false;
    dropped.push_back(std::move(job));
    return true;
  });
  if (!dropped.empty()) shared_->jobFinished.notify_all();  // waitUntilIdle() watches the queue
  std::vector<Outcome> outcomes = batch->outcomes;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    if (batch->started[i] && outcomes[i] != Outcome::finished) outcomes[i] = Outcome::stillRunning;
  }
  lock.unlock();
  return outcomes;  // `dropped` releases its captures here, outside the lock
}

bool BlockingPool::post(std::function<void()> job) {
  {
    std::lock_guard lock(shared_->mutex);
    if (shared_->stopping) return false;
    shared_->queue.push_back({std::move(job), nullptr, 0});
  }
  shared_->workQueued.notify_one();
  return true;
}

void BlockingPool::waitUntilIdle() {
  std::unique_lock lock(shared_->mutex);
  shared_->jobFinished.wait(lock, [&] { return shared_->queue.empty() && shared_->running == 0; });
}

std::size_t BlockingPool::busyThreads() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->running;
}

}  // namespace unyo
