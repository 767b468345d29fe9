#include "base/file_trust.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "support/child_process.h"

namespace unyo {
namespace {

using unyo::testing::TempDir;
using unyo::testing::writeFile;

constexpr uid_t kRoot = 0;
constexpr uid_t kNobody = 65534;

// A folder only root can write, holding a file only root can write.
struct Tree {
  TempDir tmp;
  std::filesystem::path dir = tmp.path() / "playbooks";
  std::filesystem::path file = dir / "purge.yaml";
  Tree() {
    std::filesystem::create_directory(dir);
    ::chmod(dir.c_str(), 0755);
    writeFile(file, "name: purge\n");
    ::chmod(file.c_str(), 0644);
  }
};

class FileTrustTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "ownership checks need root to set up";
  }
};

TEST_F(FileTrustTest, RootOwnedAndNotWritableByOthersIsTrusted) {
  Tree tree;
  EXPECT_TRUE(checkTrustedPath(tree.file, kRoot));
  EXPECT_TRUE(checkTrustedPath(tree.dir, kRoot));
}

TEST_F(FileTrustTest, AFileWritableByGroupOrOthersIsRefusedWithTheFix) {
  Tree tree;
  for (mode_t mode : {0664u, 0646u}) {
    ::chmod(tree.file.c_str(), mode);
    auto checked = checkTrustedPath(tree.file, kRoot);
    ASSERT_FALSE(checked);
    EXPECT_EQ(checked.error().message,
              "file " + tree.file.string() +
                  " is writable by group or others, and unyo runs as root what it says; "
                  "fix: chmod go-w " + tree.file.string());
  }
}

TEST_F(FileTrustTest, AFileOfAnotherUserIsRefused) {
  Tree tree;
  ASSERT_EQ(::chown(tree.file.c_str(), kNobody, kNobody), 0);
  auto checked = checkTrustedPath(tree.file, kRoot);
  ASSERT_FALSE(checked);
  EXPECT_NE(checked.error().message.find("owned by uid 65534"), std::string::npos);
  EXPECT_NE(checked.error().message.find("fix: chown root " + tree.file.string()),
            std::string::npos);
}

TEST_F(FileTrustTest, AWritableFolderTaintsTheFilesInIt) {
  Tree tree;
  ::chmod(tree.dir.c_str(), 0777);
  auto checked = checkTrustedPath(tree.file, kRoot);
  ASSERT_FALSE(checked);
  EXPECT_NE(checked.error().message.find("folder " + tree.dir.string()), std::string::npos);
  EXPECT_FALSE(checkTrustedPath(tree.dir, kRoot));
}

TEST_F(FileTrustTest, ASymlinkIsJudgedByWhatItPointsAt) {
  Tree good;
  Tree bad;
  ::chmod(bad.dir.c_str(), 0777);
  std::filesystem::create_symlink(good.file, good.dir / "enabled.yaml");
  EXPECT_TRUE(checkTrustedPath(good.dir / "enabled.yaml", kRoot));
  std::filesystem::create_symlink(bad.file, good.dir / "sneaky.yaml");
  EXPECT_FALSE(checkTrustedPath(good.dir / "sneaky.yaml", kRoot));
}

TEST_F(FileTrustTest, NotRunningAsRootNothingIsChecked) {
  Tree tree;
  ::chmod(tree.file.c_str(), 0666);
  EXPECT_TRUE(checkTrustedPath(tree.file, 1000));
}

TEST_F(FileTrustTest, AMissingFileIsAnErrorNotATrust) {
  Tree tree;
  EXPECT_FALSE(checkTrustedPath(tree.dir / "missing.yaml", kRoot));
}

}  // namespace
}  // namespace unyo
