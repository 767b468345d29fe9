#include "playbooks/actions/disk_check_action.h"

#include <gtest/gtest.h>

#include "fakes/fake_statfs.h"
#include "unit/playbooks/actions/action_harness.h"

namespace unyo::playbooks {
namespace {

using testing::withOf;

constexpr double kGiB = 1024.0 * 1024 * 1024;

class DiskCheckActionTest : public ::testing::Test {
 protected:
  ~DiskCheckActionTest() override {
    statFs_->release();  // a hung call must return before the pool joins
  }
  ActionResult check(Value with, std::chrono::milliseconds timeout = std::chrono::minutes(1)) {
    auto action = makeDiskCheckAction(statFs_);
    return harness_.run(*action, with, false, timeout);
  }
  // 100 GiB, 10 GiB free of which 5 GiB available: used 90 GiB, so
  // used / (used + avail) = 90 / 95.
  void setVar() {
    collectors::FilesystemUsage usage;
    usage.sizeBytes = 100 * kGiB;
    usage.freeBytes = 10 * kGiB;
    usage.availBytes = 5 * kGiB;
    usage.files = 1000;
    usage.filesFree = 31;
    statFs_->set("/var", usage);
  }

  testing::ActionHarness harness_;
  std::shared_ptr<testing::FakeStatFs> statFs_ = std::make_shared<testing::FakeStatFs>();
};

TEST_F(DiskCheckActionTest, ReportsUsageLikeDf) {
  setVar();
  const ActionResult r = check(withOf({{"path", "/var"}, {"max_used_ratio", 0.99}}));
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_FALSE(r.changed);
  EXPECT_EQ(r.output.find("path")->asString(), "/var");
  EXPECT_EQ(r.output.find("size_bytes")->asInt(), static_cast<std::int64_t>(100 * kGiB));
  EXPECT_EQ(r.output.find("free_bytes")->asInt(), static_cast<std::int64_t>(10 * kGiB));
  EXPECT_EQ(r.output.find("avail_bytes")->asInt(), static_cast<std::int64_t>(5 * kGiB));
  EXPECT_DOUBLE_EQ(r.output.find("used_ratio")->asNumber(), 90.0 / 95.0);
  EXPECT_DOUBLE_EQ(r.output.find("inodes_free_ratio")->asNumber(), 0.031);
  EXPECT_EQ(r.summary, "/var is 94.7% full, 5.0 GiB available");
}

TEST_F(DiskCheckActionTest, FailsOverTheUsedRatio) {
  setVar();
  const ActionResult r = check(withOf({{"path", "/var"}, {"max_used_ratio", "0.85"}}));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "/var is 94.7% full (limit 85%)");
  EXPECT_TRUE(r.output.find("used_ratio")->isNumber());  // the figures are there for later steps
}

TEST_F(DiskCheckActionTest, FailsUnderFreeBytesAndInodesTogether) {
  setVar();
  const ActionResult r = check(
      withOf({{"path", "/var"}, {"min_free_bytes", "10GiB"}, {"min_free_inodes_ratio", 0.1}}));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error,
            "/var has 5.0 GiB available (minimum 10.0 GiB); /var has 3.1% of its inodes free "
            "(minimum 10%)");
  EXPECT_TRUE(check(withOf({{"path", "/var"}, {"min_free_bytes", "5GiB"}})).ok);
}

TEST_F(DiskCheckActionTest, AFilesystemWithoutInodeCountsPassesTheInodeCheck) {
  collectors::FilesystemUsage usage;
  usage.sizeBytes = usage.freeBytes = usage.availBytes = kGiB;
  statFs_->set("/btrfs", usage);
  const ActionResult r = check(withOf({{"path", "/btrfs"}, {"min_free_inodes_ratio", 0.5}}));
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(r.output.find("inodes_free_ratio")->isNull());
  EXPECT_DOUBLE_EQ(r.output.find("used_ratio")->asNumber(), 0);
}

TEST_F(DiskCheckActionTest, AHungStatfsTimesOut) {
  setVar();
  statFs_->hang("/var");
  const ActionResult r =
      check(withOf({{"path", "/var"}, {"max_used_ratio", 0.9}}), std::chrono::milliseconds(50));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "statfs did not answer within 50ms");
}

TEST_F(DiskCheckActionTest, AStatfsErrorFails) {
  const ActionResult r = check(withOf({{"path", "/nowhere"}, {"max_used_ratio", 0.9}}));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "statvfs /nowhere: no such file");
}

TEST_F(DiskCheckActionTest, ExplainsBadSettings) {
  EXPECT_EQ(check(withOf({{"path", "/var"}})).error,
            "disk.check needs at least one of max_used_ratio, min_free_bytes, "
            "min_free_inodes_ratio");
  EXPECT_EQ(check(withOf({{"max_used_ratio", 0.5}})).error, "\"path\" is required");
  EXPECT_EQ(check(withOf({{"path", "var"}, {"max_used_ratio", 0.5}})).error,
            "\"path\": var is not an absolute path");
  EXPECT_EQ(check(withOf({{"path", "/var"}, {"max_used_ratio", 85}})).error,
            "\"max_used_ratio\": expected a ratio between 0 and 1, got 85");
  EXPECT_FALSE(check(withOf({{"path", "/var"}, {"min_free_bytes", "lots"}})).ok);
}

TEST(DiskCheckRealTest, ChecksARealDirectory) {
  testing::TempDir dir;
  testing::ActionHarness harness;
  const std::string path = dir.path().string();
  const ActionResult pass =
      harness.run(diskCheckActionDescriptor(),
                  withOf({{"path", path}, {"max_used_ratio", 1}, {"min_free_bytes", "0"}}), true);
  ASSERT_TRUE(pass.ok) << pass.error;  // a dry run checks for real
  EXPECT_GT(pass.output.find("size_bytes")->asInt(), 0);
  const double used = pass.output.find("used_ratio")->asNumber();
  EXPECT_GE(used, 0);
  EXPECT_LE(used, 1);

  const ActionResult full = harness.run(diskCheckActionDescriptor(),
                                        withOf({{"path", path}, {"min_free_bytes", "1000000TiB"}}));
  EXPECT_FALSE(full.ok);
  EXPECT_TRUE(full.error.starts_with(path + " has ")) << full.error;
}

TEST(DiskCheckDescriptorTest, NamesItsKeys) {
  const ActionDescriptor& d = diskCheckActionDescriptor();
  EXPECT_EQ(d.name, "disk.check");
  EXPECT_EQ(testing::paramNames(d),
            (std::vector<std::string>{"path", "max_used_ratio", "min_free_bytes",
                                      "min_free_inodes_ratio"}));
  EXPECT_TRUE(d.params[0].required);
  EXPECT_EQ(d.params[2].kind, ParamKind::size);
}

}  // namespace
}  // namespace unyo::playbooks
