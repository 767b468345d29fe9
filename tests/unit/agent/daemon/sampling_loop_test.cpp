#include "agent/daemon/sampling_loop.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "fakes/fake_clock.h"

namespace unyo::agent {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// Counts its runs, notes the thread it ran on, and can be held mid-run.
class ProbeCollector final : public collectors::Collector {
 public:
  explicit ProbeCollector(bool mayBlock) : mayBlock_(mayBlock) {}

  Expected<void> collect(Families& out) override {
    std::unique_lock lock(mutex_);
    ++runs_;
    thread_ = std::this_thread::get_id();
    entered_.notify_all();
    released_.wait(lock, [&] { return !held_; });
    auto family = gaugeFamily("probe_runs", "");
    addSample(family, runs_);
    out.push_back(std::move(family));
    return {};
  }
  bool mayBlock() const override { return mayBlock_; }

  void hold() {
    std::lock_guard lock(mutex_);
    held_ = true;
  }
  void release() {
    std::lock_guard lock(mutex_);
    held_ = false;
    released_.notify_all();
  }
  void waitEntered(int runs) {
    std::unique_lock lock(mutex_);
    entered_.wait(lock, [&] { return runs_ >= runs; });
  }
  int runs() {
    std::lock_guard lock(mutex_);
    return runs_;
  }
  std::thread::id thread() {
    std::lock_guard lock(mutex_);
    return thread_;
  }

 private:
  const bool mayBlock_;
  std::mutex mutex_;
  std::condition_variable entered_, released_;
  bool held_ = false;
  int runs_ = 0;
  std::thread::id thread_;
};

class SamplingLoopTest : public ::testing::Test {
 protected:
  testing::FakeClock clock;
  Logger log{clock, LogLevel::error, LogFormat::logfmt, -1};
  asio::io_context io;
  SamplingLoop loop{io, clock};
  ProbeCollector* probe = nullptr;

  void install(bool mayBlock) {
    auto collector = std::make_unique<ProbeCollector>(mayBlock);
    probe = collector.get();
    std::vector<collectors::NamedCollector> list;
    list.push_back({"probe", std::move(collector)});
    // A long interval: no background cycle fires during a test.
    loop.configure(std::make_shared<collectors::Sampler>(std::move(list), clock, log), 1h, 1s);
  }

  // Runs the loop until `done` holds (or a generous deadline passes).
  template <class Done>
  void runUntil(Done done) {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      io.run_for(10ms);
      io.restart();
    }
  }

  collectors::SnapshotPtr fresh() {
    collectors::SnapshotPtr result;
    bool finished = false;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          result = co_await loop.fresh();
          finished = true;
        },
        asio::detached);
    runUntil([&] { return finished; });
    return result;
  }
};

TEST_F(SamplingLoopTest, StartTakesTheFirstSampleAtOnceAndTellsListeners) {
  install(false);
  int heard = 0;
  loop.onSnapshot([&](const collectors::SnapshotPtr& s) { heard += s != nullptr; });
  loop.start();
  runUntil([&] { return loop.latest() != nullptr; });
  ASSERT_NE(loop.latest(), nullptr);
  EXPECT_EQ(probe->runs(), 1);
  EXPECT_EQ(heard, 1);
  loop.stop();
}

TEST_F(SamplingLoopTest, AYoungSnapshotIsReusedAndAnOldOneReplaced) {
  install(false);
  const auto first = fresh();
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(fresh(), first);  // younger than min_interval
  EXPECT_EQ(probe->runs(), 1);
  clock.advance(1001ms);
  const auto second = fresh();
  EXPECT_NE(second, first);
  EXPECT_EQ(probe->runs(), 2);
}

TEST_F(SamplingLoopTest, SamplesOnTheLoopWhenNothingCanBlock) {
  install(false);
  fresh();
  EXPECT_EQ(probe->thread(), std::this_thread::get_id());
}

TEST_F(SamplingLoopTest, SamplesOnTheWorkerWhenSomethingMayBlock) {
  install(true);
  fresh();
  EXPECT_NE(probe->thread(), std::this_thread::get_id());
}

TEST_F(SamplingLoopTest, ConcurrentRequestsShareOneCycle) {
  install(true);
  probe->hold();
  std::vector<collectors::SnapshotPtr> results;
  for (int i = 0; i < 3; ++i) {
    asio::co_spawn(
        io, [&]() -> asio::awaitable<void> { results.push_back(co_await loop.fresh()); },
        asio::detached);
  }
  // Let all three start and wait on the one cycle held on the worker.
  io.run_for(50ms);
  io.restart();
  probe->waitEntered(1);
  probe->release();
  runUntil([&] { return results.size() == 3; });
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(probe->runs(), 1);
  EXPECT_EQ(results[0], results[1]);
  EXPECT_EQ(results[1], results[2]);
}

TEST_F(SamplingLoopTest, NoCycleAfterStop) {
  install(false);
  const auto first = fresh();
  loop.stop();
  clock.advance(1h);
  EXPECT_EQ(fresh(), first);  // no new cycle after stop
  EXPECT_EQ(probe->runs(), 1);
}

TEST(UntilNextCycleTest, TheBackgroundCycleIsDueAnIntervalAfterTheLatestSample) {
  const Clock::SteadyTime t0{std::chrono::hours(100)};
  EXPECT_EQ(untilNextCycle(nullptr, t0, 15s), Clock::Duration::zero());  // no sample yet
  collectors::Snapshot latest;
  latest.takenAtSteady = t0;
  EXPECT_EQ(untilNextCycle(&latest, t0, 15s), 15s);
  // A scrape sampled 10 s after the last background cycle: the next one
  // waits 15 s from the scrape's sample, not from the older cycle.
  latest.takenAtSteady = t0 + 10s;
  EXPECT_EQ(untilNextCycle(&latest, t0 + 15s, 15s), 10s);
  EXPECT_LE(untilNextCycle(&latest, t0 + 25s, 15s).count(), 0);
}

}  // namespace
}  // namespace unyo::agent
