#include "fakes/fake_process_runner.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "unit/playbooks/process/coroutine_support.h"

namespace unyo::testing {
namespace {

playbooks::ProcessSpec spec(std::vector<std::string> argv) {
  playbooks::ProcessSpec s;
  s.argv = std::move(argv);
  return s;
}

TEST(FakeProcessRunnerTest, ExactBeatsPrefixAndLongerPrefixBeatsShorter) {
  boost::asio::io_context io;
  FakeProcessRunner fake;
  fake.onPrefix({"systemctl"}, FakeProcessRunner::exited(1));
  fake.onPrefix({"systemctl", "show"}, FakeProcessRunner::exited(2));
  fake.onExact({"systemctl", "show", "x"}, FakeProcessRunner::exited(3));
  fake.failOn({"missing"}, "exec: no such program \"missing\" in PATH");

  EXPECT_EQ(runToCompletion(io, fake.run(spec({"systemctl", "stop", "x"})))->exitCode, 1);
  EXPECT_EQ(runToCompletion(io, fake.run(spec({"systemctl", "show", "y"})))->exitCode, 2);
  EXPECT_EQ(runToCompletion(io, fake.run(spec({"systemctl", "show", "x"})))->exitCode, 3);
  EXPECT_EQ(runToCompletion(io, fake.run(spec({"missing"}))).error().message,
            "exec: no such program \"missing\" in PATH");
  EXPECT_EQ(runToCompletion(io, fake.run(spec({"other"}))).error().message,
            "fake: no script for other");
  EXPECT_EQ(fake.specs().size(), 5u);
}

boost::asio::awaitable<void> releaseWhenHanging(FakeProcessRunner& fake, std::size_t& seen) {
  seen = fake.hanging();
  fake.release();
  co_return;
}

TEST(FakeProcessRunnerTest, HangsUntilReleased) {
  boost::asio::io_context io;
  FakeProcessRunner fake;
  fake.hangOn({"sleep"}, FakeProcessRunner::exited(0, "done"));
  std::optional<Expected<playbooks::ProcessResult>> result;
  boost::asio::co_spawn(io, storeResult(fake.run(spec({"sleep", "1"})), result),
                        boost::asio::detached);
  std::size_t hanging = 0;
  boost::asio::co_spawn(io, releaseWhenHanging(fake, hanging), boost::asio::detached);
  io.run();
  EXPECT_EQ(hanging, 1u);
  ASSERT_TRUE(result && *result);
  EXPECT_EQ((*result)->stdoutText, "done");
}

}  // namespace
}  // namespace unyo::testing
