#include "playbooks/actions/file_cleanup_action.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "unit/playbooks/actions/action_harness.h"

namespace unyo::playbooks {
namespace {

namespace fs = std::filesystem;
using std::chrono::hours;
using testing::withOf;

constexpr std::chrono::seconds days(int n) { return std::chrono::hours(24 * n); }

class FileCleanupActionTest : public ::testing::Test {
 protected:
  void SetUp() override { fs::create_directories(root_); }

  ActionResult cleanup(Value with, bool dryRun = false) {
    with.set("path", root_.string());
    return harness_.run(fileCleanupActionDescriptor(), with, dryRun);
  }
  void file(const std::string& name, std::size_t bytes, std::chrono::seconds age) {
    testing::makeFile(root_ / name, bytes, harness_.ago(age));
  }
  bool exists(const std::string& name) const { return fs::exists(root_ / name); }
  static std::int64_t number(const ActionResult& r, const char* key) {
    const Value* v = r.output.find(key);
    return v != nullptr && v->isInt() ? v->asInt() : -1;
  }
  static std::vector<std::string> sample(const ActionResult& r) {
    std::vector<std::string> out;
    for (const auto& item : r.output.find("sample")->asList()) out.push_back(item.asString());
    return out;
  }

  testing::TempDir dir_;
  fs::path root_ = dir_.path() / "logs";
  testing::ActionHarness harness_;
};

TEST_F(FileCleanupActionTest, DeletesOldFilesMatchingThePattern) {
  file("a.log", 100, days(40));
  file("b.log", 200, days(31));
  file("c.log", 50, days(10));
  file("d.txt", 70, days(40));
  file("sub/e.log", 10, days(40));
  const ActionResult r = cleanup(withOf({{"pattern", "*.log"}, {"older_than", "30d"}}));
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(r.changed);
  EXPECT_EQ(number(r, "files_deleted"), 2);
  EXPECT_EQ(number(r, "bytes_freed"), 300);
  EXPECT_EQ(number(r, "files_matched"), 3);
  EXPECT_EQ(number(r, "files_kept"), 1);
  EXPECT_EQ(number(r, "errors"), 0);
  EXPECT_FALSE(r.output.find("limited")->asBool());
  EXPECT_FALSE(r.output.find("dry_run")->asBool());
  EXPECT_EQ(r.output.find("path")->asString(), root_.string());
  EXPECT_EQ(r.summary, "deleted 2 files (300 bytes) older than 30d");
  EXPECT_FALSE(exists("a.log"));
  EXPECT_FALSE(exists("b.log"));
  EXPECT_TRUE(exists("c.log"));
  EXPECT_TRUE(exists("d.txt"));
  EXPECT_TRUE(exists("sub/e.log"));  // not recursive
  // Oldest first within a directory.
  EXPECT_EQ(sample(r),
            (std::vector<std::string>{(root_ / "a.log").string(), (root_ / "b.log").string()}));
}

TEST_F(FileCleanupActionTest, AgeIsMeasuredAgainstTheActionsClock) {
  file("a.log", 1, days(29));
  EXPECT_EQ(number(cleanup(withOf({{"older_than", "30d"}})), "files_deleted"), 0);
  harness_.clock().advance(days(1));
  EXPECT_EQ(number(cleanup(withOf({{"older_than", "30d"}})), "files_deleted"), 1);
}

TEST_F(FileCleanupActionTest, RecursiveEntersSubdirectories) {
  file("a.log", 1, days(40));
  file("x/b.log", 2, days(40));
  file("x/y/c.log", 4, days(40));
  file("x/y/new.log", 8, days(1));
  const ActionResult r =
      cleanup(withOf({{"pattern", "*.log"}, {"older_than", "30d"}, {"recursive", true}}));
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(number(r, "files_deleted"), 3);
  EXPECT_EQ(number(r, "bytes_freed"), 7);
  EXPECT_EQ(number(r, "files_matched"), 4);
  EXPECT_FALSE(exists("x/y/c.log"));
  EXPECT_TRUE(exists("x/y/new.log"));
  const auto paths = sample(r);
  EXPECT_NE(std::find(paths.begin(), paths.end(), (root_ / "x/y/c.log").string()), paths.end());
}

TEST_F(FileCleanupActionTest, KeepNewestKeepsTheNewestMatchesEvenWhenOld) {
  for (int i = 0; i < 5; ++i) file("old" + std::to_string(i) + ".log", 10, days(40 - i));
  const ActionResult r = cleanup(withOf({{"older_than", "30d"}, {"keep_newest", 2}}));
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(number(r, "files_deleted"), 3);
  EXPECT_EQ(number(r, "files_kept"), 2);
  EXPECT_FALSE(exists("old0.log"));
  EXPECT_FALSE(exists("old2.log"));
  EXPECT_TRUE(exists("old3.log"));
  EXPECT_TRUE(exists("old4.log"));
}

TEST_F(FileCleanupActionTest, KeepNewestCountsYoungFilesToo) {
  file("young1.log", 1, days(1));
  file("young2.log", 1, days(2));
  file("old1.log", 1, days(31));
  file("old2.log", 1, days(32));
  file("old3.log", 1, days(33));
  const ActionResult r = cleanup(withOf({{"older_than", "30d"}, {"keep_newest", 3}}));
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(number(r, "files_deleted"), 2);
  EXPECT_EQ(number(r, "files_kept"), 3);
  EXPECT_TRUE(exists("old1.log"));
  EXPECT_FALSE(exists("old2.log"));
  EXPECT_FALSE(exists("old3.log"));
}

TEST_F(FileCleanupActionTest, MaxDeleteDeletesTheOldestAndSaysSo) {
  for (int i = 0; i < 5; ++i) file("f" + std::to_string(i) + ".log", 10, days(50 - i));
  const ActionResult r = cleanup(withOf({{"older_than", "30d"}, {"max_delete", 2}}));
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(number(r, "files_deleted"), 2);
  EXPECT_TRUE(r.output.find("limited")->asBool());
  EXPECT_FALSE(exists("f0.log"));
  EXPECT_FALSE(exists("f1.log"));
  EXPECT_TRUE(exists("f2.log"));
  EXPECT_EQ(r.summary, "deleted 2 files (20 bytes) older than 30d, limited to 2");
}

TEST_F(FileCleanupActionTest, DryRunDeletesNothingAndReportsTheSamePlan) {
  file("a.log", 1782579, days(40));
  file("b.log", 1782579, days(35));
  file("c.log", 5, days(3));
  const Value with = withOf({{"older_than", "30d"}});
  const ActionResult dry = cleanup(with, true);
  ASSERT_TRUE(dry.ok) << dry.error;
  EXPECT_FALSE(dry.changed);
  EXPECT_TRUE(dry.output.find("dry_run")->asBool());
  EXPECT_EQ(number(dry, "would_delete"), 2);
  EXPECT_EQ(number(dry, "would_free_bytes"), 2 * 1782579);
  EXPECT_EQ(number(dry, "files_deleted"), 0);
  EXPECT_EQ(dry.summary, "would delete 2 files (3.4 MiB) older than 30d");
  EXPECT_TRUE(exists("a.log"));
  EXPECT_TRUE(exists("b.log"));

  const ActionResult real = cleanup(with);
  ASSERT_TRUE(real.ok) << real.error;
  EXPECT_EQ(real.summary, "deleted 2 files (3.4 MiB) older than 30d");
  EXPECT_EQ(sample(real), sample(dry));
  EXPECT_EQ(number(real, "files_kept"), number(dry, "files_kept"));
  EXPECT_EQ(real.output.find("would_delete"), nullptr);
}

TEST_F(FileCleanupActionTest, ZeroSecondsTakesEverythingButFilesFromTheFuture) {
  file("now.log", 1, std::chrono::seconds(0));
  file("future.log", 1, -hours(1));
  const ActionResult r = cleanup(withOf({{"older_than", "0s"}}));
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(number(r, "files_deleted"), 1);
  EXPECT_FALSE(exists("now.log"));
  EXPECT_TRUE(exists("future.log"));
}

TEST_F(FileCleanupActionTest, RemovesOnlyTheDirectoriesItEmptied) {
  file("gone/a.log", 1, days(40));
  file("gone/deeper/b.log", 1, days(40));
  file("stays/a.log", 1, days(40));
  file("stays/new.log", 1, days(1));
  fs::create_directories(root_ / "was-empty");
  const Value with =
      withOf({{"older_than", "30d"}, {"recursive", true}, {"remove_empty_dirs", true}});

  const ActionResult dry = cleanup(with, true);
  ASSERT_TRUE(dry.ok) << dry.error;
  EXPECT_EQ(number(dry, "would_remove_dirs"), 2);  // gone/deeper, then gone
  EXPECT_TRUE(exists("gone/deeper"));

  const ActionResult r = cleanup(with);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(number(r, "files_deleted"), 3);
  EXPECT_EQ(number(r, "dirs_removed"), 2);
  EXPECT_EQ(r.summary, "deleted 3 files (3 bytes) older than 30d, removed 2 empty directories");
  EXPECT_FALSE(exists("gone"));
  EXPECT_TRUE(exists("stays/new.log"));
  EXPECT_TRUE(exists("was-empty"));
  EXPECT_TRUE(fs::exists(root_));
}

TEST_F(FileCleanupActionTest, LeavesDirectoriesWithoutRemoveEmptyDirs) {
  file("gone/a.log", 1, days(40));
  const ActionResult r = cleanup(withOf({{"older_than", "30d"}, {"recursive", true}}));
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(number(r, "dirs_removed"), 0);
  EXPECT_TRUE(exists("gone"));
}

TEST_F(FileCleanupActionTest, NothingToDeleteIsNotAChange) {
  file("a.log", 1, days(1));
  const ActionResult r = cleanup(withOf({{"older_than", "30d"}}));
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_FALSE(r.changed);
  EXPECT_EQ(r.summary, "deleted 0 files (0 bytes) older than 30d");
}

TEST_F(FileCleanupActionTest, ExplainsBadSettings) {
  EXPECT_EQ(cleanup(Value::map()).error,
            "\"older_than\" is required (write 0s to include files of any age)");
  EXPECT_EQ(cleanup(withOf({{"older_than", "30d"}, {"max_delete", 0}})).error,
            "\"max_delete\" must be at least 1 (use a dry run to delete nothing)");
  EXPECT_EQ(cleanup(withOf({{"older_than", "30d"}, {"keep_newest", -1}})).error,
            "\"keep_newest\" must not be negative");
  EXPECT_EQ(cleanup(withOf({{"older_than", "30d"}, {"pattern", "a/*.log"}})).error,
            "\"pattern\" matches file names and cannot contain \"/\"");
  EXPECT_FALSE(cleanup(withOf({{"older_than", "soon"}})).ok);
  EXPECT_FALSE(cleanup(withOf({{"older_than", "1d"}, {"recursive", "yes"}})).ok);
}

TEST_F(FileCleanupActionTest, AMissingPathFails) {
  const std::string missing = (dir_.path() / "nope").string();
  const ActionResult r = harness_.run(fileCleanupActionDescriptor(),
                                      withOf({{"path", missing}, {"older_than", "1d"}}));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "path " + missing + " does not exist");

  file("plain.log", 1, days(40));
  const std::string plain = (root_ / "plain.log").string();
  EXPECT_EQ(
      harness_.run(fileCleanupActionDescriptor(), withOf({{"path", plain}, {"older_than", "1d"}}))
          .error,
      "path " + plain + " is not a directory");
}

TEST_F(FileCleanupActionTest, DescriptorNamesItsKeys) {
  const ActionDescriptor& d = fileCleanupActionDescriptor();
  EXPECT_EQ(d.name, "file.cleanup");
  EXPECT_EQ(testing::paramNames(d),
            (std::vector<std::string>{"path", "pattern", "older_than", "recursive", "keep_newest",
                                      "max_delete", "remove_empty_dirs", "match_dotfiles"}));
  EXPECT_TRUE(d.params[0].required);
  EXPECT_TRUE(d.params[2].required);
  EXPECT_EQ(d.params[2].kind, ParamKind::duration);
  EXPECT_FALSE(d.params[1].required);
}

}  // namespace
}  // namespace unyo::playbooks
