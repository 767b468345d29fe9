#include "base/atomic_file.h"

#include <gtest/gtest.h>

#include "base/file_lock.h"

#include "support/child_process.h"

namespace unyo {
namespace {

using unyo::testing::readFile;
using unyo::testing::TempDir;

std::vector<std::string> filesIn(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST(AtomicFileTest, ReplaceWritesTheWholeFileAndLeavesNoTempFile) {
  TempDir dir;
  const auto file = dir.path() / "counters.json";
  ASSERT_TRUE(replaceFileAtomically(file, "first"));
  ASSERT_TRUE(replaceFileAtomically(file, "second"));
  EXPECT_EQ(readFile(file), "second");
  EXPECT_EQ(filesIn(dir.path()), std::vector<std::string>{"counters.json"});
}

TEST(AtomicFileTest, ReplaceWithoutFlushingIsStillWholeAndClean) {
  TempDir dir;
  const auto file = dir.path() / "usage-distribution.txt";
  ASSERT_TRUE(replaceFileAtomically(file, "first", Durability::pageCache));
  ASSERT_TRUE(replaceFileAtomically(file, "second", Durability::pageCache));
  EXPECT_EQ(readFile(file), "second");
  EXPECT_EQ(filesIn(dir.path()), std::vector<std::string>{"usage-distribution.txt"});
}

TEST(AtomicFileTest, CreateNeverReplacesAnExistingFile) {
  TempDir dir;
  const auto file = dir.path() / "decision.json";
  auto created = createFileAtomically(file, "first");
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_TRUE(*created);
  created = createFileAtomically(file, "second");
  ASSERT_TRUE(created);
  EXPECT_FALSE(*created);
  EXPECT_EQ(readFile(file), "first");
  EXPECT_EQ(filesIn(dir.path()), std::vector<std::string>{"decision.json"});
}

TEST(AtomicFileTest, MissingFileReadsAsNothingAndOtherErrorsNameTheFile) {
  TempDir dir;
  auto missing = readFileIfExists(dir.path() / "missing");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
  auto replaced = replaceFileAtomically(dir.path() / "no-such-dir" / "file", "x");
  ASSERT_FALSE(replaced);
  EXPECT_NE(replaced.error().message.find("no-such-dir"), std::string::npos);
}

TEST(AtomicFileTest, AStateFileThatIsASymlinkIsNotFollowed) {
  TempDir dir;
  unyo::testing::writeFile(dir.path() / "elsewhere", "{\"approved\": true}");
  std::filesystem::create_symlink(dir.path() / "elsewhere", dir.path() / "decision.json");
  auto read = readFileIfExists(dir.path() / "decision.json");
  ASSERT_FALSE(read);
  EXPECT_NE(read.error().message.find("cannot open"), std::string::npos);
  std::filesystem::create_symlink(dir.path() / "elsewhere", dir.path() / "x.lock");
  EXPECT_FALSE(openLockFile(dir.path() / "x.lock"));
  // Replacing one replaces the link, never the file it points at.
  ASSERT_TRUE(replaceFileAtomically(dir.path() / "decision.json", "new"));
  EXPECT_EQ(readFile(dir.path() / "elsewhere"), "{\"approved\": true}");
  EXPECT_FALSE(std::filesystem::is_symlink(dir.path() / "decision.json"));
}

}  // namespace
}  // namespace unyo
