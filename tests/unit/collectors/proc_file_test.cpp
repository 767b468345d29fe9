#include "collectors/proc_file.h"

#include <gtest/gtest.h>

#include <fstream>

#include "support/child_process.h"

namespace unyo::collectors {
namespace {

void overwriteInPlace(const std::filesystem::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::in | std::ios::out | std::ios::trunc);  // same inode
  out << text;
}

TEST(ProcFileTest, EveryReadStartsAgainFromTheBeginning) {
  unyo::testing::TempDir dir;
  const auto path = dir.path() / "loadavg";
  unyo::testing::writeFile(path, "0.10 0.20 0.30 1/100 42\n");
  ProcFile file(path);
  std::string buffer;
  ASSERT_TRUE(file.read(buffer));
  EXPECT_EQ(buffer, "0.10 0.20 0.30 1/100 42\n");
  overwriteInPlace(path, "0.5 0.6 0.7 2/200 43\n");
  ASSERT_TRUE(file.read(buffer));
  EXPECT_EQ(buffer, "0.5 0.6 0.7 2/200 43\n");
}

TEST(ProcFileTest, ReadsRealProcfsRepeatedly) {
  ProcFile file("/proc/self/stat");
  std::string first, second;
  ASSERT_TRUE(file.read(first));
  ASSERT_TRUE(file.read(second));
  EXPECT_FALSE(first.empty());
  EXPECT_EQ(first.substr(0, first.find(' ')), second.substr(0, second.find(' ')));
}

TEST(ProcFileTest, AMissingFileFailsAndIsOpenedAgainLater) {
  unyo::testing::TempDir dir;
  const auto path = dir.path() / "pressure";
  ProcFile file(path);
  std::string buffer = "stale";
  auto missing = file.read(buffer);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("No such file"), std::string::npos);
  unyo::testing::writeFile(path, "some avg10=0.00 total=1\n");
  ASSERT_TRUE(file.read(buffer));
  EXPECT_EQ(buffer, "some avg10=0.00 total=1\n");
}

TEST(ProcFileTest, ReadsFilesLargerThanOneBuffer) {
  unyo::testing::TempDir dir;
  const std::string big(100'000, 'x');
  unyo::testing::writeFile(dir.path() / "big", big);
  ProcFile file(dir.path() / "big");
  std::string buffer;
  ASSERT_TRUE(file.read(buffer));
  EXPECT_EQ(buffer, big);
}

}  // namespace
}  // namespace unyo::collectors
