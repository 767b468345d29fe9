#include "playbooks/net/watchdog.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <optional>
#include <thread>

namespace unyo::playbooks::net {
namespace {

using std::chrono::milliseconds;

// Runs the loop until the watchdog's budget has surely passed.
void runPast(boost::asio::io_context& io, milliseconds budget) {
  boost::asio::steady_timer later(io, budget * 3);
  later.async_wait([](const boost::system::error_code&) {});
  io.run();
  io.restart();
}

TEST(WatchdogTest, AbortsTheWatchedStepWhenTimeRunsOut) {
  boost::asio::io_context io;
  Watchdog watchdog(io.get_executor(), milliseconds(20));
  int aborted = 0;
  auto abort = [&aborted] { ++aborted; };
  auto watching = watchdog.watch(std::move(abort));
  EXPECT_FALSE(watchdog.expired());
  runPast(io, milliseconds(20));
  EXPECT_TRUE(watchdog.expired());
  EXPECT_EQ(aborted, 1);
  EXPECT_EQ(watchdog.timeoutMessage(), "timed out after 20ms");
}

TEST(WatchdogTest, AStepWatchedAfterExpiryIsAbortedAtOnce) {
  boost::asio::io_context io;
  Watchdog watchdog(io.get_executor(), milliseconds(10));
  runPast(io, milliseconds(10));
  int aborted = 0;
  auto abort = [&aborted] { ++aborted; };
  auto watching = watchdog.watch(std::move(abort));
  EXPECT_EQ(aborted, 1);
}

TEST(WatchdogTest, AFinishedStepIsLeftAlone) {
  boost::asio::io_context io;
  Watchdog watchdog(io.get_executor(), milliseconds(10));
  int aborted = 0;
  {
    auto abort = [&aborted] { ++aborted; };
    auto watching = watchdog.watch(std::move(abort));
  }
  runPast(io, milliseconds(10));
  EXPECT_TRUE(watchdog.expired());
  EXPECT_EQ(aborted, 0);
}

// A step as code uses the watchdog: the watch declared after it.
struct WatchedStep {
  WatchedStep(boost::asio::io_context& io, int& aborted)
      : watchdog(io.get_executor(), milliseconds(0)),
        watching(watchdog.watch([&aborted] { ++aborted; })) {}
  Watchdog watchdog;
  Watchdog::Watch watching;
};

TEST(WatchdogTest, AnExpiryAlreadyQueuedWhenTheWatchdogGoesTouchesNothing) {
  boost::asio::io_context io;
  int aborted = 0;
  std::optional<WatchedStep> step;
  // Expires just before the watchdog: one pass of the loop queues both
  // completions, this one first, and it ends the step while the watchdog's
  // own completion waits with success (ASan would catch its handler
  // touching what is gone).
  boost::asio::steady_timer finisher(io, milliseconds(0));
  auto finishStep = [&step](const boost::system::error_code&) { step.reset(); };
  finisher.async_wait(std::move(finishStep));
  step.emplace(io, aborted);
  std::this_thread::sleep_for(milliseconds(5));
  io.run();
  EXPECT_FALSE(step.has_value());
  EXPECT_EQ(aborted, 0);
}

}  // namespace
}  // namespace unyo::playbooks::net
