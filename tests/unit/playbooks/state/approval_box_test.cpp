#include "playbooks/state/approval_box.h"

#include <gtest/gtest.h>

#include "support/child_process.h"
#include "unit/playbooks/state/state_test_support.h"

namespace unyo::playbooks {
namespace {

using unyo::testing::TempDir;
using unyo::testing::writeFile;

constexpr const char* kRunId = "20261128T091500Z-3fa9c2";

ApprovalDecision decisionAt(bool approved, std::string by) {
  return {approved, std::move(by), Clock::WallTime(std::chrono::milliseconds(1'795'000'000'123))};
}

TEST(ApprovalBoxTest, DecisionIsReadBack) {
  TempDir dir;
  ApprovalBox box(dir.path());
  auto none = box.decision(kRunId);
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_FALSE(*none);

  ASSERT_TRUE(box.decide(kRunId, decisionAt(true, "api:ops")));
  auto decided = box.decision(kRunId);
  ASSERT_TRUE(decided && *decided);
  EXPECT_TRUE((*decided)->approved);
  EXPECT_EQ((*decided)->by, "api:ops");
  EXPECT_EQ((*decided)->at, decisionAt(true, "").at);
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "approvals" / (std::string(kRunId) + ".json")));
}

TEST(ApprovalBoxTest, SecondDecisionIsRefusedAndTheFirstStands) {
  TempDir dir;
  ApprovalBox box(dir.path());
  ASSERT_TRUE(box.decide(kRunId, decisionAt(false, "cli:root")));
  auto second = box.decide(kRunId, decisionAt(true, "api:ops"));
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().message,
            std::string("run ") + kRunId + " was already rejected by cli:root");
  auto decided = box.decision(kRunId);
  ASSERT_TRUE(decided && *decided);
  EXPECT_FALSE((*decided)->approved);
  // Only the decision file: no temp files left behind.
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path() / "approvals")) {
    static_cast<void>(entry);
    ++files;
  }
  EXPECT_EQ(files, 1);
}

TEST(ApprovalBoxTest, ForgetRemovesTheDecision) {
  TempDir dir;
  ApprovalBox box(dir.path());
  ASSERT_TRUE(box.decide(kRunId, decisionAt(true, "api:ops")));
  box.forget(kRunId);
  auto none = box.decision(kRunId);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  box.forget(kRunId);  // forgetting twice is fine
  EXPECT_TRUE(box.decide(kRunId, decisionAt(false, "api:ops")));
}

TEST(ApprovalBoxTest, RunIdsThatCouldNameOtherFilesAreRefused) {
  TempDir dir;
  ApprovalBox box(dir.path());
  for (const std::string id : {"", "../counters", "a/b", "x.json", "run id"}) {
    EXPECT_FALSE(box.decide(id, decisionAt(true, "api:ops"))) << id;
    EXPECT_FALSE(box.decision(id)) << id;
    box.forget(id);
  }
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "counters.json"));
}

TEST(ApprovalBoxTest, UnreadableDecisionIsAnErrorNamingTheFile) {
  TempDir dir;
  ApprovalBox box(dir.path());
  std::filesystem::create_directories(dir.path() / "approvals");
  const auto file = dir.path() / "approvals" / (std::string(kRunId) + ".json");
  writeFile(file, R"({"approved":"yes"})");
  auto decided = box.decision(kRunId);
  ASSERT_FALSE(decided);
  EXPECT_NE(decided.error().message.find(file.string()), std::string::npos);
  auto second = box.decide(kRunId, decisionAt(true, "api:ops"));
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().message.find("already has a decision"), std::string::npos);
}

}  // namespace
}  // namespace unyo::playbooks
