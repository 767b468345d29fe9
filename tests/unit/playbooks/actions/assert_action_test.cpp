#include "playbooks/actions/assert_action.h"

#include <gtest/gtest.h>

#include "base/metric_family.h"
#include "collectors/snapshot.h"
#include "unit/playbooks/actions/action_harness.h"

namespace unyo::playbooks {
namespace {

using testing::withOf;

class AssertActionTest : public ::testing::Test {
 protected:
  AssertActionTest() {
    Value& steps = scope_.set("steps", Value::map());
    Value& space = steps.set("space", Value::map());
    space.set("failed", false);
    space.set("output", Value::map()).set("used_ratio", 0.72);
    scope_.set("params", Value::map()).set("limit", "0.8");
  }

  ActionResult check(Value with, bool dryRun = false) {
    auto action = assertActionDescriptor().create();
    return harness_.run(*action, with, dryRun, std::chrono::minutes(1), &scope_);
  }
  void publishSnapshot() {
    auto snapshot = std::make_shared<collectors::Snapshot>();
    auto used = gaugeFamily("unyo_filesystem_used_ratio", "");
    addSample(used, 0.50, {{"mountpoint", "/"}});
    addSample(used, 0.93, {{"mountpoint", "/var"}});
    snapshot->families = {used};
    harness_.access().latestSnapshot = [snapshot] { return snapshot; };
  }

  Value scope_ = Value::map();
  testing::ActionHarness harness_;
};

TEST_F(AssertActionTest, PassesWhenTrue) {
  const ActionResult r = check(withOf({{"that", "1 + 1 == 2"}}));
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_FALSE(r.changed);
  EXPECT_EQ(r.output.find("that")->asString(), "1 + 1 == 2");
  EXPECT_EQ(r.output.find("value")->asNumber(), 1);
  EXPECT_EQ(r.summary, "holds: 1 + 1 == 2");
}

TEST_F(AssertActionTest, FailsWhenFalseWithTheMessageOrADefault) {
  const ActionResult plain = check(withOf({{"that", "2 < 1"}}));
  EXPECT_FALSE(plain.ok);
  EXPECT_EQ(plain.error, "assertion failed: 2 < 1");
  EXPECT_EQ(plain.output.find("value")->asNumber(), 0);
  EXPECT_EQ(check(withOf({{"that", "2 < 1"}, {"message", "arithmetic is broken"}})).error,
            "arithmetic is broken");
}

TEST_F(AssertActionTest, ReadsStepOutputsAndParams) {
  EXPECT_TRUE(check(withOf({{"that", "steps.space.output.used_ratio < params.limit"}})).ok);
  EXPECT_TRUE(check(withOf({{"that", "not steps.space.failed"}})).ok);
  const ActionResult r = check(withOf({{"that", "steps.space.output.used_ratio"}}));
  EXPECT_DOUBLE_EQ(r.output.find("value")->asNumber(), 0.72);
  EXPECT_FALSE(check(withOf({{"that", "steps.space.output.used_ratio > 0.9"}})).ok);
}

TEST_F(AssertActionTest, ReadsTheLatestMetrics) {
  publishSnapshot();
  const ActionResult full =
      check(withOf({{"that", "unyo_filesystem_used_ratio{mountpoint=\"/var\"} > 0.9"}}));
  ASSERT_TRUE(full.ok) << full.error;
  EXPECT_EQ(full.output.find("value")->asInt(), 1);  // one series kept
  const ActionResult none = check(withOf({{"that", "unyo_filesystem_used_ratio > 0.95"}}));
  EXPECT_FALSE(none.ok);
  EXPECT_EQ(none.output.find("value")->asInt(), 0);
}

TEST_F(AssertActionTest, WithoutASnapshotASelectorMatchesNothing) {
  EXPECT_FALSE(check(withOf({{"that", "unyo_filesystem_used_ratio > 0"}})).ok);
}

TEST_F(AssertActionTest, ExpressionErrorsFail) {
  const ActionResult syntax = check(withOf({{"that", "1 +"}}));
  EXPECT_FALSE(syntax.ok);
  EXPECT_TRUE(syntax.error.starts_with("\"that\", column ")) << syntax.error;
  const ActionResult unknown = check(withOf({{"that", "steps.nope.failed"}}));
  EXPECT_FALSE(unknown.ok);
  EXPECT_TRUE(unknown.error.starts_with("\"that\": ")) << unknown.error;
  EXPECT_NE(unknown.error.find("steps.nope"), std::string::npos) << unknown.error;
  EXPECT_EQ(check(Value::map()).error, "\"that\" is required");
}

TEST_F(AssertActionTest, ADryRunChecksForReal) {
  EXPECT_FALSE(check(withOf({{"that", "false"}}), true).ok);
  EXPECT_TRUE(check(withOf({{"that", "true"}}), true).ok);
}

TEST(AssertDescriptorTest, NamesItsKeys) {
  const ActionDescriptor& d = assertActionDescriptor();
  EXPECT_EQ(d.name, "assert");
  EXPECT_EQ(testing::paramNames(d), (std::vector<std::string>{"that", "message"}));
  EXPECT_TRUE(d.params[0].required);
  EXPECT_FALSE(d.params[1].required);
}

}  // namespace
}  // namespace unyo::playbooks
