#include "agent/daemon/state_dir.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

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
  EXPECT_EQ(st.st_mode & S_IRWXO, 0u);
  EXPECT_TRUE(prepareStateDir(dir));  // an existing one is fine
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
