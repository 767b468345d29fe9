// Resolving paths for "only below DIR" checks, against real folders and links.

#include "base/path_resolver.h"

#include <gtest/gtest.h>

#include "support/child_process.h"

namespace unyo {
namespace {

namespace fs = std::filesystem;

class PathResolverTest : public ::testing::Test {
 protected:
  PathResolverTest() {
    fs::create_directories(root / "logs/app");
    fs::create_directories(root / "data");
    unyo::testing::writeFile(root / "logs/app/a.log", "x");
    unyo::testing::writeFile(root / "data/precious", "x");
    fs::create_directory_symlink(root / "data", root / "logs/out");    // points out
    fs::create_directory_symlink(root / "logs/app", root / "logs/in");  // stays inside
    fs::create_symlink(root / "nowhere", root / "logs/dangling");
  }

  std::string text(const std::string& relative) const { return (root / relative).string(); }

  unyo::testing::TempDir dir;
  const fs::path root = fs::canonical(dir.path());
};

TEST_F(PathResolverTest, RelativeEmptyAndDotDotAreRefused) {
  EXPECT_EQ(normalAbsolutePath("var/log").error().message,
            "\"var/log\" is not an absolute path");
  EXPECT_EQ(normalAbsolutePath("").error().message, "an empty path");
  EXPECT_EQ(normalAbsolutePath("/var/log/../../etc").error().message,
            "\"/var/log/../../etc\" contains \"..\"");
  EXPECT_EQ(resolveRealPath("/var/log/..").error().kind, ErrorKind::invalid);
  EXPECT_FALSE(resolveRealPath("./x"));
}

TEST_F(PathResolverTest, DotsAndExtraSlashesAreDropped) {
  EXPECT_EQ(*normalAbsolutePath("/var//log/./app/"), fs::path("/var/log/app"));
  EXPECT_EQ(*normalAbsolutePath("/"), fs::path("/"));
  EXPECT_EQ(*normalAbsolutePath("//"), fs::path("/"));
}

TEST_F(PathResolverTest, AnExistingPathIsItsRealPath) {
  EXPECT_EQ(*resolveRealPath(text("logs/app")), root / "logs/app");
  EXPECT_EQ(*resolveRealPath(text("logs/app/")), root / "logs/app");
  EXPECT_EQ(*resolveRealPath(text("logs/./app//a.log")), root / "logs/app/a.log");
  EXPECT_EQ(*resolveRealPath("/"), fs::path("/"));
}

TEST_F(PathResolverTest, LinksAreFollowedWhereverTheyPoint) {
  EXPECT_EQ(*resolveRealPath(text("logs/in")), root / "logs/app");
  EXPECT_EQ(*resolveRealPath(text("logs/out")), root / "data");
  EXPECT_EQ(*resolveRealPath(text("logs/out/new/deeper")), root / "data/new/deeper");
}

TEST_F(PathResolverTest, AMissingTailIsAppendedAsWritten) {
  EXPECT_EQ(*resolveRealPath(text("logs/app/2024/old/")), root / "logs/app/2024/old");
  EXPECT_EQ(*resolveRealPath(text("logs/in/new")), root / "logs/app/new");
}

TEST_F(PathResolverTest, DanglingLinksAndFilesInTheMiddleAreRefused) {
  auto dangling = resolveRealPath(text("logs/dangling/x"));
  ASSERT_FALSE(dangling);
  EXPECT_NE(dangling.error().message.find("cannot be resolved"), std::string::npos);
  EXPECT_FALSE(resolveRealPath(text("logs/dangling")));
  EXPECT_FALSE(resolveRealPath(text("logs/app/a.log/x")));  // not a directory
}

TEST_F(PathResolverTest, UnderComparesWholeComponents) {
  EXPECT_TRUE(isPathUnder("/var/log", "/var/log"));
  EXPECT_TRUE(isPathUnder("/var/log/app/x", "/var/log"));
  EXPECT_FALSE(isPathUnder("/var/logs", "/var/log"));
  EXPECT_FALSE(isPathUnder("/var/logs/app", "/var/log"));
  EXPECT_FALSE(isPathUnder("/var", "/var/log"));
  EXPECT_FALSE(isPathUnder("/etc", "/var/log"));
  EXPECT_TRUE(isPathUnder("/etc", "/"));
}

}  // namespace
}  // namespace unyo
