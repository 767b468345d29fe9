#include "agent/daemon/sampling_loop.h"

#include <boost/asio/async_result.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "base/await_blocking.h"

namespace asio = boost::asio;

namespace unyo::agent {

Clock::Duration untilNextCycle(const collectors::Snapshot* latest, Clock::SteadyTime now,
                               Clock::Duration interval) {
  if (latest == nullptr) return Clock::Duration::zero();
  return latest->takenAtSteady + interval - now;
}

SamplingLoop::SamplingLoop(asio::io_context& io, const Clock& clock)
    : io_(io), clock_(clock), tick_(io), cycleDone_(io) {
  cycleDone_.expires_at(asio::steady_timer::time_point::max());
}

// A cycle still on the worker is not waited for: it holds its own sampler
// and its result is dropped.
SamplingLoop::~SamplingLoop() = default;

void SamplingLoop::configure(std::shared_ptr<collectors::Sampler> sampler,
                             Clock::Duration interval, Clock::Duration minInterval) {
  interval_ = interval;
  minInterval_ = minInterval;
  sampleNeeded_ = true;  // the new collectors' first sample should not wait an interval
  if (inFlight_) {
    pendingSampler_ = std::move(sampler);
  } else {
    sampler_ = std::move(sampler);
  }
  tick_.cancel();  // the periodic loop picks up the new interval now
}

void SamplingLoop::start() {
  stopped_ = false;
  asio::co_spawn(io_, periodic(), asio::detached);
}

void SamplingLoop::stop() {
  stopped_ = true;
  tick_.cancel();
  cycleDone_.cancel();
}

collectors::SnapshotPtr SamplingLoop::latest() const { return latest_; }

asio::awaitable<void> SamplingLoop::periodic() {
  while (!stopped_) {
    // A cycle is due when the latest sample is `interval` old, however it was
    // taken: a scrape that sampled a moment ago postpones the background
    // cycle instead of doubling it (Prometheus scraping every 15 s keeps the
    // snapshot fresh on its own).
    const bool due = sampleNeeded_ ||
                     untilNextCycle(latest_.get(), clock_.steadyNow(), interval_).count() <= 0;
    if (due && !inFlight_) {
      sampleNeeded_ = false;
      co_await runCycle();
    }
    if (stopped_) break;
    // Sleep until then; configure() cancels the wait so a new sampler and
    // interval apply at once.
    boost::system::error_code ec;
    tick_.expires_after(untilNextCycle(latest_.get(), clock_.steadyNow(), interval_));
    co_await tick_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
}

asio::awaitable<collectors::SnapshotPtr> SamplingLoop::fresh() {
  if (stopped_ || !sampler_) co_return latest();
  // Not in flight, the sampler's latest is latest_ (or it has none yet after
  // a reload), so its freshness is ours.
  if (!inFlight_ && latest_ && sampler_->isFresh(minInterval_)) co_return latest_;
  if (inFlight_) {
    co_await waitForCycle();
  } else {
    co_await runCycle();
  }
  co_return latest();
}

asio::awaitable<void> SamplingLoop::waitForCycle() {
  boost::system::error_code ec;
  co_await cycleDone_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
}

asio::awaitable<collectors::SnapshotPtr> SamplingLoop::sampleOnWorker(
    std::shared_ptr<collectors::Sampler> sampler) {
  // A named callable, not a lambda inside the co_await expression: GCC 12
  // destroys such a temporary twice.
  auto cycle = [sampler] { return sampler->sample(); };
  auto pending = awaitBlocking(worker_, std::move(cycle));
  std::optional<collectors::SnapshotPtr> snapshot = co_await std::move(pending);
  co_return snapshot ? *snapshot : nullptr;  // null only while the loop is destroyed
}

asio::awaitable<void> SamplingLoop::runCycle() {
  inFlight_ = true;
  collectors::SnapshotPtr snapshot;
  if (sampler_->mayBlock()) {
    asio::awaitable<collectors::SnapshotPtr> cycle = sampleOnWorker(sampler_);
    snapshot = co_await std::move(cycle);
  } else {
    // Nothing in this cycle can hang (reading /proc, statfs on local disks):
    // sampling right here is cheaper than the two thread wake-ups of a
    // hand-off, which cost about 100 us of CPU on a small VM.
    snapshot = sampler_->sample();
  }
  inFlight_ = false;
  if (!snapshot) {  // the worker was torn down under the cycle: the agent is exiting
    cycleDone_.cancel();
    co_return;
  }
  latest_ = snapshot;
  if (pendingSampler_) sampler_ = std::move(pendingSampler_);
  if (!stopped_) {
    for (const auto& listener : listeners_) listener(snapshot);
  }
  cycleDone_.cancel();
}

}  // namespace unyo::agent
