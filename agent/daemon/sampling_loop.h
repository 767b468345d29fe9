#pragma once

// Drives the Sampler: a background cycle whenever the latest sample is
// `interval` old, plus on-demand cycles for scrapes that find it older than
// `min_interval`. Concurrent
// requests for a fresh snapshot share one cycle, so a flood of scrapes never
// multiplies /proc reads. A cycle that may wait on something that can hang
// (a network filesystem's statfs) runs on a worker thread, so the loop never
// waits for it; any other cycle runs on the loop itself.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>
#include <vector>

#include "base/blocking_pool.h"
#include "collectors/sampler.h"

namespace unyo::agent {

// How long until a background cycle is due: `interval` after the latest
// sample, however it was taken (zero or less: due now). A scrape that just
// sampled postpones the background cycle rather than doubling it.
Clock::Duration untilNextCycle(const collectors::Snapshot* latest, Clock::SteadyTime now,
                               Clock::Duration interval);

class SamplingLoop {
 public:
  using Listener = std::function<void(const collectors::SnapshotPtr&)>;

  SamplingLoop(boost::asio::io_context& io, const Clock& clock);
  ~SamplingLoop();
  SamplingLoop(const SamplingLoop&) = delete;
  SamplingLoop& operator=(const SamplingLoop&) = delete;

  // Installs a sampler (at start and on reload). When a cycle is running the
  // new sampler takes over after it.
  void configure(std::shared_ptr<collectors::Sampler> sampler, Clock::Duration interval,
                 Clock::Duration minInterval);

  // Starts the periodic cycles (the first one immediately); stop() ends them
  // and wakes every waiter.
  void start();
  void stop();

  // The latest snapshot if younger than min_interval, else the result of a
  // new (or the already running) cycle. nullptr only after stop().
  boost::asio::awaitable<collectors::SnapshotPtr> fresh();

  collectors::SnapshotPtr latest() const;

  // Called on the loop thread after every cycle (conditions, cost accounting).
  void onSnapshot(Listener listener) { listeners_.push_back(std::move(listener)); }

 private:
  boost::asio::awaitable<void> periodic();
  boost::asio::awaitable<void> runCycle();
  boost::asio::awaitable<collectors::SnapshotPtr> sampleOnWorker(
      std::shared_ptr<collectors::Sampler> sampler);
  boost::asio::awaitable<void> waitForCycle();

  boost::asio::io_context& io_;
  const Clock& clock_;
  BlockingPool worker_{1};
  boost::asio::steady_timer tick_;
  // Never expires on its own; cancel() wakes everyone waiting for a cycle.
  boost::asio::steady_timer cycleDone_;
  std::shared_ptr<collectors::Sampler> sampler_;
  std::shared_ptr<collectors::Sampler> pendingSampler_;
  collectors::SnapshotPtr latest_;  // survives a sampler swap on reload
  Clock::Duration interval_{std::chrono::seconds(15)};
  Clock::Duration minInterval_{std::chrono::seconds(1)};
  bool inFlight_ = false;
  bool sampleNeeded_ = true;
  bool stopped_ = false;
  std::vector<Listener> listeners_;
};

}  // namespace unyo::agent
