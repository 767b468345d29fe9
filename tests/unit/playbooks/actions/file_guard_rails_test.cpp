// The agent's guard rails for file actions: a playbook cannot make
// file.cleanup or backup.verify act outside playbooks.allowed_paths, through
// a symlink, or in the agent's own folders.

#include <gtest/gtest.h>

#include <filesystem>

#include "playbooks/actions/backup_verify_action.h"
#include "playbooks/actions/file_cleanup_action.h"
#include "playbooks/actions/path_guard.h"
#include "unit/playbooks/actions/action_harness.h"

namespace unyo::playbooks {
namespace {

namespace fs = std::filesystem;
using testing::withOf;

constexpr std::chrono::seconds kOld = std::chrono::hours(24 * 40);

class FileGuardRailsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(allowed_);
    fs::create_directories(outside_);
    harness_.access().fileRails.allowed = {allowed_};
  }
  ActionResult cleanup(const fs::path& path, bool recursive = true) {
    return harness_.run(fileCleanupActionDescriptor(),
                        withOf({{"path", path.string()},
                                {"older_than", "0s"},
                                {"recursive", recursive}}));
  }
  ActionResult verify(const fs::path& path) {
    return harness_.run(backupVerifyActionDescriptor(),
                        withOf({{"path", path.string()}, {"max_age", "100d"}}));
  }
  void oldFile(const fs::path& path) { testing::makeFile(path, 10, harness_.ago(kOld)); }
  // How the error shows a path, and its real path when that differs.
  static std::string shownAs(const fs::path& path, const fs::path& real) {
    return path.string() + " (" + real.string() + ")";
  }
  std::string refusal(const std::string& shown) const {
    return shown + ": it is outside the allowed paths [" + allowed_.string() +
           "]; to allow it, add its folder to playbooks.allowed_paths in the agent's config";
  }

  testing::TempDir dir_;
  fs::path base_ = fs::canonical(dir_.path());
  fs::path allowed_ = base_ / "allowed";
  fs::path outside_ = base_ / "outside";
  testing::ActionHarness harness_;
};

TEST_F(FileGuardRailsTest, AFolderOutsideTheAllowedListIsRefusedAndKept) {
  oldFile(outside_ / "precious.log");
  const ActionResult r = cleanup(outside_);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "file.cleanup refuses " + refusal(outside_.string()));
  EXPECT_TRUE(fs::exists(outside_ / "precious.log"));
}

TEST_F(FileGuardRailsTest, AllowedFoldersAreCleaned) {
  oldFile(allowed_ / "app/old.log");
  const ActionResult r = cleanup(allowed_ / "app");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_FALSE(fs::exists(allowed_ / "app/old.log"));
}

TEST_F(FileGuardRailsTest, ASymlinkInsideAnAllowedFolderPointingOutIsRefused) {
  oldFile(outside_ / "sub/precious.log");
  fs::create_directory_symlink(outside_, allowed_ / "link");
  // The link as a parent of the path, and as the path itself.
  const ActionResult throughParent = cleanup(allowed_ / "link/sub");
  EXPECT_FALSE(throughParent.ok);
  EXPECT_EQ(throughParent.error,
            "file.cleanup refuses " + refusal(shownAs(allowed_ / "link/sub", outside_ / "sub")));
  const ActionResult asPath = cleanup(allowed_ / "link");
  EXPECT_FALSE(asPath.ok);
  EXPECT_EQ(asPath.error, "file.cleanup refuses " + refusal(shownAs(allowed_ / "link", outside_)));
  EXPECT_TRUE(fs::exists(outside_ / "sub/precious.log"));
}

TEST_F(FileGuardRailsTest, AFolderNamedLikeAnAllowedOneIsNotInsideIt) {
  harness_.access().fileRails.allowed = {base_ / "var/log"};
  oldFile(base_ / "var/logs/app/old.log");
  oldFile(base_ / "var/log/app/old.log");
  EXPECT_FALSE(cleanup(base_ / "var/logs/app").ok);
  EXPECT_TRUE(fs::exists(base_ / "var/logs/app/old.log"));
  const ActionResult inside = cleanup(base_ / "var/log/app");
  ASSERT_TRUE(inside.ok) << inside.error;
  EXPECT_FALSE(fs::exists(base_ / "var/log/app/old.log"));
}

TEST_F(FileGuardRailsTest, TheAgentsOwnFoldersAreRefusedEvenInsideAnAllowedOne) {
  const fs::path state = allowed_ / "unyo-state";
  harness_.access().fileRails.forbidden = {state};
  oldFile(state / "runs.jsonl");
  oldFile(state / "ledger/2026-01-01.log");
  oldFile(allowed_ / "other.log");

  const ActionResult inside = cleanup(state);
  EXPECT_FALSE(inside.ok);
  EXPECT_EQ(inside.error, "file.cleanup refuses " + state.string() +
                              ": it is inside the agent's own " + state.string() +
                              ", which no playbook may touch (not even through "
                              "playbooks.allowed_paths)");
  EXPECT_FALSE(cleanup(state / "ledger").ok);
  // A recursive cleanup of a folder holding it would reach it too.
  const ActionResult above = cleanup(allowed_);
  EXPECT_FALSE(above.ok);
  EXPECT_NE(above.error.find("holds the agent's own " + state.string()), std::string::npos)
      << above.error;
  EXPECT_TRUE(fs::exists(state / "runs.jsonl"));
  EXPECT_TRUE(fs::exists(state / "ledger/2026-01-01.log"));
  EXPECT_TRUE(fs::exists(allowed_ / "other.log"));
  // Not recursive, it stays out of the state folder.
  const ActionResult flat = cleanup(allowed_, false);
  ASSERT_TRUE(flat.ok) << flat.error;
  EXPECT_FALSE(fs::exists(allowed_ / "other.log"));
  EXPECT_TRUE(fs::exists(state / "runs.jsonl"));
}

TEST_F(FileGuardRailsTest, AnAllowedFolderThatIsASymlinkAllowsWhereItLeads) {
  fs::create_directory_symlink(outside_, base_ / "srv");
  harness_.access().fileRails.allowed = {base_ / "srv"};
  oldFile(outside_ / "app/old.log");
  const ActionResult r = cleanup(base_ / "srv/app");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_FALSE(fs::exists(outside_ / "app/old.log"));
}

TEST_F(FileGuardRailsTest, BackupVerifyIsRefusedOutsideAndThroughALink) {
  oldFile(outside_ / "db.tar.gz");
  fs::create_directory_symlink(outside_, allowed_ / "backups");
  const ActionResult direct = verify(outside_);
  EXPECT_FALSE(direct.ok);
  EXPECT_EQ(direct.error, "backup.verify refuses " + refusal(outside_.string()));
  const ActionResult linked = verify(allowed_ / "backups");
  EXPECT_FALSE(linked.ok);
  EXPECT_EQ(linked.error,
            "backup.verify refuses " + refusal(shownAs(allowed_ / "backups", outside_)));
}

TEST_F(FileGuardRailsTest, BackupVerifyReadsInsideTheAllowedList) {
  oldFile(allowed_ / "backups/db.tar.gz");
  const ActionResult r = verify(allowed_ / "backups");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.output.find("files_matched")->asInt(), 1);
}

TEST_F(FileGuardRailsTest, BackupVerifyRefusesTheStateFolder) {
  harness_.access().fileRails.forbidden = {allowed_ / "state"};
  oldFile(allowed_ / "state/runs.jsonl");
  const ActionResult r = verify(allowed_ / "state");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("inside the agent's own"), std::string::npos) << r.error;
}

TEST(PathGuardTest, ComparesWholeComponents) {
  FileGuardRails rails;
  rails.allowed = {"/nonexistent-unyo/var/log"};
  EXPECT_TRUE(checkAgainstRails("x", "/nonexistent-unyo/var/log/app", rails, true));
  EXPECT_TRUE(checkAgainstRails("x", "/nonexistent-unyo/var/log", rails, true));
  EXPECT_FALSE(checkAgainstRails("x", "/nonexistent-unyo/var/logs", rails, true));
  EXPECT_FALSE(checkAgainstRails("x", "/nonexistent-unyo/var", rails, true));
  EXPECT_FALSE(checkAgainstRails("x", "/nonexistent-unyo/var/log/../../etc", rails, true));
  EXPECT_FALSE(checkAgainstRails("x", "relative/log", rails, true));
}

TEST(PathGuardTest, DefaultsToTheAgentsDefaultList) {
  const FileGuardRails rails;
  EXPECT_EQ(describeAllowed(rails), "[/var/log, /var/tmp, /var/backups, /srv, /opt]");
  EXPECT_FALSE(checkAgainstRails("x", "/tmp/unyo-nothing", rails, false));
}

}  // namespace
}  // namespace unyo::playbooks
