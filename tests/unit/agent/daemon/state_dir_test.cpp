#include "agent/daemon/state_dir.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <ios>

#include "support/child_process.h"

namespace unyo::agent {
namespace {

TEST(StateDirTest, CreatesAMissingDirectoryClosedToOthers) {
  unyo::testing::TempDir tmp;
  const auto dir = tmp.path() / "var/lib/unyo";
  ASSERT_TRUE(prepareStateDir(dir));
  struct stat st {};
  ASSERT_EQ(::stat(dir.c_str(), &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  EXPECT_EQ(st.st_mode & 07777, 0700u);
  EXPECT_TRUE(prepareStateDir(dir));  // an existing one is fine
}

TEST(StateDirTest, AGroupOrOtherWritableDirectoryIsRefusedWithTheFix) {
  unyo::testing::TempDir tmp;
  const auto dir = tmp.path() / "state";
  ASSERT_EQ(::mkdir(dir.c_str(), 0700), 0);
  for (mode_t mode : {0770u, 0702u, 0777u}) {
    ASSERT_EQ(::chmod(dir.c_str(), mode), 0);
    auto result = prepareStateDir(dir);
    ASSERT_FALSE(result) << std::oct << mode;
    EXPECT_EQ(result.error().message, "state.dir " + dir.string() +
                                          " is writable by group or others; fix: chmod 0700 " +
                                          dir.string());
  }
  ASSERT_EQ(::chmod(dir.c_str(), 0755), 0);  // readable by others: closed, not refused
  ASSERT_TRUE(prepareStateDir(dir));
  struct stat st {};
  ASSERT_EQ(::stat(dir.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0750u);
}

TEST(StateDirTest, ASymlinkIsRefused) {
  unyo::testing::TempDir tmp;
  ASSERT_EQ(::mkdir((tmp.path() / "real").c_str(), 0700), 0);
  std::filesystem::create_directory_symlink(tmp.path() / "real", tmp.path() / "link");
  auto result = prepareStateDir(tmp.path() / "link");
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("is a symbolic link"), std::string::npos);
}

TEST(StateDirTest, ADirectoryOfAnotherUserIsRefusedWithTheFix) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to give a directory to another user";
  unyo::testing::TempDir tmp;
  const auto dir = tmp.path() / "state";
  ASSERT_EQ(::mkdir(dir.c_str(), 0700), 0);
  ASSERT_EQ(::chown(dir.c_str(), 65534, 65534), 0);  // nobody
  auto result = prepareStateDir(dir);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, "state.dir " + dir.string() +
                                        " is owned by uid 65534, not by the agent's user (uid 0); "
                                        "fix: chown 0 " + dir.string());
}

TEST(StateDirTest, AFileInTheWayIsAClearError) {
  unyo::testing::TempDir tmp;
  unyo::testing::writeFile(tmp.path() / "state", "not a directory");
  auto result = prepareStateDir(tmp.path() / "state");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message,
            "state.dir " + (tmp.path() / "state").string() + ": cannot create: Not a directory");
  auto below = prepareStateDir(tmp.path() / "state/sub");
  ASSERT_FALSE(below);
  EXPECT_NE(below.error().message.find("cannot create"), std::string::npos);
}

}  // namespace
}  // namespace unyo::agent
