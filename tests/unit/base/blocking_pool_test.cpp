#include "base/blocking_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <memory>
#include <stdexcept>

#include "support/gate.h"

namespace unyo {
namespace {

using Outcome = BlockingPool::Outcome;
using std::chrono::milliseconds;

using unyo::testing::Gate;

// Starts a job that blocks on `gate`. A loaded machine may not start it
// within the short timeout; the job is then dropped and tried again.
void startBlockedJob(BlockingPool& pool, const std::shared_ptr<Gate>& gate) {
  for (int i = 0; i < 1000; ++i) {
    const auto outcomes = pool.runAll({[gate] { gate->pass(); }}, milliseconds(10));
    if (outcomes[0] == Outcome::stillRunning) return;
  }
  FAIL() << "the blocking job never started";
}

TEST(BlockingPoolTest, RunsEveryJobAndReportsThemFinished) {
  BlockingPool pool(2);
  std::atomic<int> ran = 0;
  std::vector<std::function<void()>> jobs;
  for (int i = 0; i < 5; ++i) jobs.push_back([&ran] { ++ran; });
  const auto outcomes = pool.runAll(std::move(jobs), std::chrono::minutes(1));
  EXPECT_EQ(outcomes, std::vector<Outcome>(5, Outcome::finished));
  EXPECT_EQ(ran, 5);
  EXPECT_TRUE(pool.runAll({}, milliseconds(1)).empty());
}

TEST(BlockingPoolTest, AHungJobKeepsItsThreadAndLaterJobsWaitForAFreeOne) {
  BlockingPool pool(1);
  auto gate = std::make_shared<Gate>();
  startBlockedJob(pool, gate);
  EXPECT_EQ(pool.busyThreads(), 1u);

  // The only thread is blocked: a new job cannot start and is dropped.
  std::atomic<bool> dropped = false;
  const auto outcomes = pool.runAll({[&dropped] { dropped = true; }}, milliseconds(10));
  EXPECT_EQ(outcomes, std::vector<Outcome>{Outcome::notStarted});

  gate->open();
  pool.waitUntilIdle();
  EXPECT_EQ(pool.busyThreads(), 0u);
  EXPECT_FALSE(dropped);  // a dropped job never runs, even once a thread is free

  std::atomic<bool> ran = false;
  EXPECT_EQ(pool.runAll({[&ran] { ran = true; }}, std::chrono::minutes(1)),
            std::vector<Outcome>{Outcome::finished});
  EXPECT_TRUE(ran);
}

TEST(BlockingPoolTest, DestructionDoesNotWaitForAHungJob) {
  auto gate = std::make_shared<Gate>();
  auto pool = std::make_unique<BlockingPool>(2);
  startBlockedJob(*pool, gate);
  // The destructor runs on another thread so that, if it waited for the
  // job, the test would see it not returning instead of hanging itself. The
  // bound is generous: it tells "returns" from "waits for the job", it does
  // not time anything.
  auto destroying = std::async(std::launch::async, [&pool] { pool.reset(); });
  const bool returned =
      destroying.wait_for(std::chrono::seconds(30)) == std::future_status::ready;
  gate->open();  // the detached thread finishes on its own (and a waiting destructor returns)
  destroying.wait();
  EXPECT_TRUE(returned) << "destroying the pool waited for a job blocked in the kernel";
}

TEST(BlockingPoolTest, PostedJobsRunWhenAThreadIsFree) {
  BlockingPool pool(1);
  auto gate = std::make_shared<Gate>();
  startBlockedJob(pool, gate);
  std::atomic<int> ran = 0;
  EXPECT_TRUE(pool.post([&ran] { ++ran; }));
  EXPECT_TRUE(pool.post([&ran] { ++ran; }));
  EXPECT_EQ(ran, 0);  // the only thread is still blocked
  gate->open();
  pool.waitUntilIdle();
  EXPECT_EQ(ran, 2);
}

TEST(BlockingPoolTest, AThrowingJobCountsAsFinished) {
  BlockingPool pool(1);
  const auto outcomes =
      pool.runAll({[] { throw std::runtime_error("boom"); }}, std::chrono::minutes(1));
  EXPECT_EQ(outcomes, std::vector<Outcome>{Outcome::finished});
}

}  // namespace
}  // namespace unyo
