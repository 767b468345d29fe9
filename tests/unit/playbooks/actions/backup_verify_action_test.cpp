#include "playbooks/actions/backup_verify_action.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "unit/playbooks/actions/action_harness.h"

namespace unyo::playbooks {
namespace {

namespace fs = std::filesystem;
using std::chrono::hours;
using testing::withOf;

// sha256("abc")
constexpr const char* kAbcSha256 =
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

class BackupVerifyActionTest : public ::testing::Test {
 protected:
  void SetUp() override { fs::create_directories(root_); }

  ActionResult verify(Value with) {
    with.set("path", root_.string());
    if (with.find("max_age") == nullptr) with.set("max_age", "1d");
    return harness_.run(backupVerifyActionDescriptor(), with);
  }
  void backup(const std::string& name, std::string_view text, hours age) {
    testing::makeFileWithText(root_ / name, text, harness_.ago(age));
  }
  void sidecar(const std::string& name, std::string_view text) {
    testing::writeFile(root_ / name, text);
  }

  testing::TempDir dir_;
  fs::path root_ = dir_.path() / "backup";
  testing::ActionHarness harness_;
};

TEST_F(BackupVerifyActionTest, VerifiesTheNewestMatchingBackup) {
  backup("db-20260329.tar.gz", "old", hours(50));
  backup("db-20260331.tar.gz", "abc", hours(3));
  backup("notes.txt", "newer but not a backup", hours(1));
  sidecar("db-20260331.tar.gz.sha256", std::string(kAbcSha256) + "  db-20260331.tar.gz\n");
  const ActionResult r = verify(withOf({{"pattern", "db-*.tar.gz"}}));
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_FALSE(r.changed);
  EXPECT_EQ(r.output.find("file")->asString(), (root_ / "db-20260331.tar.gz").string());
  EXPECT_EQ(r.output.find("size_bytes")->asInt(), 3);
  EXPECT_EQ(r.output.find("age_seconds")->asInt(), 3 * 3600);
  EXPECT_EQ(r.output.find("sha256")->asString(), kAbcSha256);
  EXPECT_TRUE(r.output.find("checksum_verified")->asBool());
  EXPECT_EQ(r.output.find("files_matched")->asInt(), 2);
  EXPECT_EQ(r.summary, "db-20260331.tar.gz: 3h old, 3 bytes, checksum verified");
}

TEST_F(BackupVerifyActionTest, SidecarsAreNeverTheNewestBackup) {
  backup("db.tar.gz", "abc", hours(3));
  sidecar("db.tar.gz.sha256", kAbcSha256);  // written now, so newer than the backup
  const ActionResult r = verify(Value::map());
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.output.find("file")->asString(), (root_ / "db.tar.gz").string());
  EXPECT_TRUE(r.output.find("checksum_verified")->asBool());
}

TEST_F(BackupVerifyActionTest, FailsWhenNothingMatches) {
  backup("other.zip", "abc", hours(1));
  const ActionResult r = verify(withOf({{"pattern", "*.tar.gz"}}));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "no file matching *.tar.gz in " + root_.string());
}

TEST_F(BackupVerifyActionTest, FailsWhenTheNewestIsTooOld) {
  backup("db-20261127.tar.gz", "abc", hours(51));
  const ActionResult r = verify(withOf({{"max_age", "1d"}}));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "newest backup db-20261127.tar.gz is 2d3h old (max 1d)");
  EXPECT_EQ(r.output.find("age_seconds")->asInt(), 51 * 3600);
}

TEST_F(BackupVerifyActionTest, FailsWhenTooSmall) {
  backup("empty.tar.gz", "", hours(1));
  EXPECT_EQ(verify(Value::map()).error, "newest backup empty.tar.gz is 0 bytes (min 1 byte)");
  EXPECT_EQ(verify(withOf({{"min_size", "1KiB"}})).error,
            "newest backup empty.tar.gz is 0 bytes (min 1KiB)");
}

TEST_F(BackupVerifyActionTest, FailsOnAChecksumMismatch) {
  backup("db.tar.gz", "abd", hours(1));
  sidecar("db.tar.gz.sha256", std::string(kAbcSha256) + "  db.tar.gz\n");
  const ActionResult r = verify(Value::map());
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(
      r.error.starts_with(std::string("checksum mismatch: expected ") + kAbcSha256 + ", got "))
      << r.error;
  EXPECT_FALSE(r.output.find("checksum_verified")->asBool());
  EXPECT_EQ(r.summary, "db.tar.gz: 1h old, 3 bytes, checksum failed");
}

TEST_F(BackupVerifyActionTest, AMissingSidecarFailsOnlyWhenRequired) {
  backup("db.tar.gz", "abc", hours(1));
  const ActionResult optional = verify(Value::map());
  ASSERT_TRUE(optional.ok) << optional.error;
  EXPECT_FALSE(optional.output.find("checksum_verified")->asBool());
  EXPECT_TRUE(optional.output.find("sha256")->isNull());
  EXPECT_EQ(optional.summary, "db.tar.gz: 1h old, 3 bytes, no checksum file");

  const ActionResult required = verify(withOf({{"require_checksum", true}}));
  EXPECT_FALSE(required.ok);
  EXPECT_EQ(required.error, "no checksum file db.tar.gz.sha256 next to db.tar.gz");
}

TEST_F(BackupVerifyActionTest, ChecksumFalseSkipsTheSidecar) {
  backup("db.tar.gz", "abd", hours(1));
  sidecar("db.tar.gz.sha256", kAbcSha256);
  const ActionResult r = verify(withOf({{"checksum", false}}));
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.summary, "db.tar.gz: 1h old, 3 bytes, checksum not checked");
  EXPECT_EQ(verify(withOf({{"checksum", false}, {"require_checksum", true}})).error,
            "\"require_checksum\" needs \"checksum\": true");
}

TEST_F(BackupVerifyActionTest, ReadsSidecarFormats) {
  backup("db.tar.gz", "abc", hours(1));
  std::string upper = kAbcSha256;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::string formats[] = {
      kAbcSha256,                                         // bare
      std::string(kAbcSha256) + "\n",                     // bare with newline
      upper + "  db.tar.gz\n",                            // upper case
      std::string(kAbcSha256) + " *db.tar.gz\n",          // sha256sum --binary
      std::string(kAbcSha256) + "  /backup/db.tar.gz\n",  // a path
      std::string(64, '0') + "  other.tar.gz\n" + kAbcSha256 + "  db.tar.gz\n",  // several files
  };
  for (const auto& text : formats) {
    sidecar("db.tar.gz.sha256", text);
    const ActionResult r = verify(Value::map());
    EXPECT_TRUE(r.ok) << text << ": " << r.error;
    EXPECT_TRUE(r.output.find("checksum_verified")->asBool()) << text;
  }
}

TEST_F(BackupVerifyActionTest, ABadSidecarFails) {
  backup("db.tar.gz", "abc", hours(1));
  sidecar("db.tar.gz.sha256", "not a checksum\n");
  EXPECT_EQ(verify(Value::map()).error,
            "db.tar.gz.sha256 not in sha256sum format (\"HEX  NAME\" or \"HEX\")");
  sidecar("db.tar.gz.sha256", std::string(kAbcSha256) + "  other.tar.gz\n");
  EXPECT_EQ(verify(Value::map()).error, "db.tar.gz.sha256 has no line for db.tar.gz");
}

TEST_F(BackupVerifyActionTest, RecursiveFindsTheNewestInSubdirectories) {
  backup("2026-03/db.tar.gz", "old", hours(40));
  backup("2026-04/db.tar.gz", "abc", hours(2));
  EXPECT_FALSE(verify(Value::map()).ok);  // not recursive: nothing in the top directory
  const ActionResult r = verify(withOf({{"recursive", true}}));
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.output.find("file")->asString(), (root_ / "2026-04/db.tar.gz").string());
}

TEST_F(BackupVerifyActionTest, SymlinksAreNotBackups) {
  backup("real.tar.gz", "abc", hours(30));
  testing::makeFileWithText(dir_.path() / "elsewhere.tar.gz", "abc", harness_.ago(hours(1)));
  fs::create_symlink(dir_.path() / "elsewhere.tar.gz", root_ / "link.tar.gz");
  EXPECT_EQ(verify(Value::map()).error, "newest backup real.tar.gz is 1d6h old (max 1d)");
}

TEST_F(BackupVerifyActionTest, ExplainsBadSettings) {
  const ActionResult missing =
      harness_.run(backupVerifyActionDescriptor(), withOf({{"max_age", "1d"}}));
  EXPECT_EQ(missing.error, "\"path\" is required");
  EXPECT_EQ(verify(withOf({{"max_age", nullptr}})).error, "\"max_age\" is required");
  const ActionResult absent =
      harness_.run(backupVerifyActionDescriptor(),
                   withOf({{"path", (dir_.path() / "nope").string()}, {"max_age", "1d"}}));
  EXPECT_EQ(absent.error, (dir_.path() / "nope").string() + " does not exist");
}

TEST(BackupVerifyDescriptorTest, NamesItsKeys) {
  const ActionDescriptor& d = backupVerifyActionDescriptor();
  EXPECT_EQ(d.name, "backup.verify");
  EXPECT_EQ(testing::paramNames(d),
            (std::vector<std::string>{"path", "pattern", "max_age", "min_size", "checksum",
                                      "require_checksum", "recursive"}));
  EXPECT_TRUE(d.params[0].required);
  EXPECT_TRUE(d.params[2].required);
}

}  // namespace
}  // namespace unyo::playbooks
