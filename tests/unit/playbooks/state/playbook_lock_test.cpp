#include "playbooks/state/playbook_lock.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "support/child_process.h"
#include "unit/playbooks/state/state_test_support.h"

namespace unyo::playbooks {
namespace {

using testing::forkChild;
using testing::waitChild;
using unyo::testing::TempDir;

bool held(const std::filesystem::path& stateDir, const std::string& playbook) {
  auto lock = PlaybookLock::tryAcquire(stateDir, playbook);
  EXPECT_TRUE(lock) << lock.error().message;
  return lock && !*lock;
}

TEST(PlaybookLockTest, SecondHolderInTheSameProcessIsRefused) {
  TempDir dir;
  auto first = PlaybookLock::tryAcquire(dir.path(), "logrotate");
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_TRUE(*first);
  EXPECT_TRUE(held(dir.path(), "logrotate"));
  EXPECT_FALSE(held(dir.path(), "backup"));  // each playbook has its own lock
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "locks" / "logrotate.lock"));

  // Moving the lock keeps it held; destroying it releases it.
  std::optional<PlaybookLock> moved = std::move(*first);
  first->reset();
  EXPECT_TRUE(held(dir.path(), "logrotate"));
  moved.reset();
  EXPECT_FALSE(held(dir.path(), "logrotate"));
}

TEST(PlaybookLockTest, HolderInAnotherProcessIsRespectedUntilItExits) {
  TempDir dir;
  testing::Gate acquired;
  testing::Gate release;
  const pid_t child = forkChild([&] {
    auto lock = PlaybookLock::tryAcquire(dir.path(), "logrotate");
    if (!lock || !*lock) return 1;
    acquired.open();
    release.wait();
    return 0;
  });
  ASSERT_TRUE(acquired.wait());
  EXPECT_TRUE(held(dir.path(), "logrotate"));
  release.open();
  EXPECT_EQ(waitChild(child), 0);
  auto lock = PlaybookLock::tryAcquire(dir.path(), "logrotate");
  ASSERT_TRUE(lock);
  EXPECT_TRUE(*lock);
}

TEST(PlaybookLockTest, LockIsReleasedWhenTheHolderIsKilled) {
  TempDir dir;
  testing::Gate acquired;
  const pid_t child = forkChild([&] {
    auto lock = PlaybookLock::tryAcquire(dir.path(), "logrotate");
    if (!lock || !*lock) return 1;
    acquired.open();
    ::pause();
    return 0;
  });
  ASSERT_TRUE(acquired.wait());
  EXPECT_TRUE(held(dir.path(), "logrotate"));
  ::kill(child, SIGKILL);
  EXPECT_EQ(waitChild(child), 128 + SIGKILL);
  EXPECT_FALSE(held(dir.path(), "logrotate"));
}

TEST(PlaybookLockTest, NamesThatLeaveTheLockDirectoryAreRefused) {
  TempDir dir;
  for (const std::string name : {"", ".", "..", "../escape", "a/b"}) {
    auto lock = PlaybookLock::tryAcquire(dir.path(), name);
    EXPECT_FALSE(lock) << name;
  }
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "escape.lock"));
}

}  // namespace
}  // namespace unyo::playbooks
