#include "playbooks/process/orphans.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "support/child_process.h"

namespace unyo::playbooks {
namespace {

// A child that forks a grandchild, waits until it has died (without
// reaping it) and exits: the dead grandchild becomes our zombie child.
pid_t makeOrphanedZombie() {
  int fds[2];
  if (::pipe(fds) != 0) return -1;
  const pid_t middle = ::fork();
  if (middle == 0) {
    const pid_t orphan = ::fork();
    if (orphan == 0) ::_exit(0);
    siginfo_t info{};
    ::waitid(P_PID, static_cast<id_t>(orphan), &info, WEXITED | WNOWAIT);
    [[maybe_unused]] const ssize_t n = ::write(fds[1], &orphan, sizeof orphan);
    ::_exit(0);
  }
  ::close(fds[1]);
  pid_t orphan = -1;
  if (::read(fds[0], &orphan, sizeof orphan) != sizeof orphan) orphan = -1;
  ::close(fds[0]);
  // Once the middle process is a zombie its children have been re-parented.
  ::waitpid(middle, nullptr, 0);
  return orphan;
}

TEST(OrphansTest, ReapsZombieChildrenNobodyElseOwns) {
  ASSERT_TRUE(becomeChildSubreaper());
  const pid_t orphan = makeOrphanedZombie();
  ASSERT_GT(orphan, 0);

  EXPECT_EQ(reapOrphans([&](pid_t pid) { return pid == orphan; }), 0u);
  EXPECT_EQ(::kill(orphan, 0), 0) << "a claimed zombie must be left for its owner";

  EXPECT_GE(reapOrphans({}), 1u);
  EXPECT_EQ(::waitpid(orphan, nullptr, WNOHANG), -1);
  EXPECT_EQ(errno, ECHILD);
}

TEST(OrphansTest, FindsOrphansByScanningWhenTheKernelListsNoChildren) {
  ASSERT_TRUE(becomeChildSubreaper());
  const pid_t orphan = makeOrphanedZombie();
  ASSERT_GT(orphan, 0);
  // A /proc whose tasks have no `children` file (CONFIG_PROC_CHILDREN off):
  // the zombie is found through its own stat file.
  unyo::testing::TempDir proc;
  std::filesystem::create_directories(proc.path() / "self" / "task" / "1");
  std::filesystem::create_directory_symlink("/proc/" + std::to_string(orphan),
                                            proc.path() / std::to_string(orphan));
  EXPECT_EQ(reapOrphans({}, proc.path()), 1u);
  EXPECT_EQ(::waitpid(orphan, nullptr, WNOHANG), -1);
}

TEST(OrphansTest, LeavesRunningChildrenAlone) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(fds[1]);
    char c;
    [[maybe_unused]] const ssize_t n = ::read(fds[0], &c, 1);  // until the test closes its end
    ::_exit(0);
  }
  ::close(fds[0]);
  EXPECT_EQ(reapOrphans({}), 0u);
  ::close(fds[1]);
  int status = 0;
  EXPECT_EQ(::waitpid(child, &status, 0), child) << "its status must still be there";
}

}  // namespace
}  // namespace unyo::playbooks
