#include "playbooks/process/write_without_sigpipe.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>

namespace unyo::playbooks {
namespace {

TEST(WriteWithoutSigpipeTest, AClosedReaderIsAnErrorNotASignal) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ::close(fds[0]);
  // SIGPIPE's default action would end the test process here.
  ::signal(SIGPIPE, SIG_DFL);
  EXPECT_EQ(writeWithoutSigpipe(fds[1], "x", 1), -1);
  EXPECT_EQ(errno, EPIPE);
  sigset_t pending;
  ::sigpending(&pending);
  EXPECT_EQ(::sigismember(&pending, SIGPIPE), 0);
  ::close(fds[1]);
}

TEST(WriteWithoutSigpipeTest, WritesLikeWrite) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  EXPECT_EQ(writeWithoutSigpipe(fds[1], "abc", 3), 3);
  char buffer[4] = {};
  EXPECT_EQ(::read(fds[0], buffer, 3), 3);
  EXPECT_STREQ(buffer, "abc");
  ::close(fds[0]);
  ::close(fds[1]);
}

}  // namespace
}  // namespace unyo::playbooks
