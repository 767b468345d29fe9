#include "base/await_blocking.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <memory>
#include <thread>

#include "support/gate.h"

namespace unyo {
namespace {

namespace asio = boost::asio;
using std::chrono::milliseconds;

using unyo::testing::Gate;

// Runs `body` as a coroutine on a fresh io_context until it returns.
template <class Body>
void runCoroutine(asio::io_context& io, Body body) {
  asio::co_spawn(io, std::move(body), asio::detached);
  io.run();
  io.restart();
}

TEST(AwaitBlockingTest, ResumesOnTheLoopWithTheJobsResult) {
  BlockingPool pool(1);
  asio::io_context io;
  const auto loopThread = std::this_thread::get_id();
  std::optional<int> answer;
  std::thread::id jobThread;
  std::thread::id resumedOn;
  runCoroutine(io, [&]() -> asio::awaitable<void> {
    auto job = [&jobThread] {
      jobThread = std::this_thread::get_id();
      return 42;
    };
    auto pending = awaitBlocking(pool, std::move(job));
    answer = (co_await std::move(pending)).value_or(-1);
    resumedOn = std::this_thread::get_id();
  });
  EXPECT_EQ(answer, 42);
  EXPECT_NE(jobThread, loopThread);  // the job ran off the loop
  EXPECT_EQ(resumedOn, loopThread);  // and the coroutine came back to it
}

TEST(AwaitBlockingTest, GivesUpOnAHungJobAtTheDeadlineAndDropsItsLateResult) {
  BlockingPool pool(1);
  asio::io_context io;
  auto gate = std::make_shared<Gate>();
  std::optional<std::optional<int>> answer;
  runCoroutine(io, [&]() -> asio::awaitable<void> {
    auto hung = [gate] {
      gate->pass();
      return 7;
    };
    auto pending = awaitWithin(pool, milliseconds(50), std::move(hung));
    answer = co_await std::move(pending);
  });
  ASSERT_TRUE(answer.has_value());
  EXPECT_FALSE(answer->has_value());  // nothing within the deadline
  gate->open();
  pool.waitUntilIdle();  // the late result is dropped: nothing resumes, nothing crashes
  EXPECT_EQ(io.poll(), 0u);
}

TEST(AwaitBlockingTest, AJobThatDidNotStartBeforeTheDeadlineNeverRuns) {
  BlockingPool pool(1);
  asio::io_context io;
  auto gate = std::make_shared<Gate>();
  std::atomic<bool> blockerStarted = false;
  ASSERT_TRUE(pool.post([gate, &blockerStarted] {
    blockerStarted = true;
    gate->pass();
  }));
  auto lateRan = std::make_shared<std::atomic<bool>>(false);
  std::optional<std::optional<int>> answer;
  runCoroutine(io, [&]() -> asio::awaitable<void> {
    auto late = [lateRan] {
      *lateRan = true;
      return 1;
    };
    auto pending = awaitWithin(pool, milliseconds(20), std::move(late));
    answer = co_await std::move(pending);
  });
  ASSERT_TRUE(answer.has_value());
  EXPECT_FALSE(answer->has_value());
  gate->open();
  pool.waitUntilIdle();
  EXPECT_TRUE(blockerStarted);
  EXPECT_FALSE(*lateRan);  // nobody waited for it any more: it was not started
}

TEST(AwaitBlockingTest, TakesAMoveOnlyCallable) {
  BlockingPool pool(1);
  asio::io_context io;
  std::optional<int> answer;
  runCoroutine(io, [&]() -> asio::awaitable<void> {
    auto owned = std::make_unique<int>(5);
    auto job = [owned = std::move(owned)] { return *owned * 2; };
    auto pending = awaitWithin(pool, std::chrono::minutes(1), std::move(job));
    answer = (co_await std::move(pending)).value_or(-1);
  });
  EXPECT_EQ(answer, 10);
}

}  // namespace
}  // namespace unyo
