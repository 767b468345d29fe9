// `unyo runs show|approve|reject` take any unique beginning of a run id.

#include "playbooks/state/run_id_prefix.h"

#include <gtest/gtest.h>

#include "support/child_process.h"
#include "unit/playbooks/state/state_test_support.h"

namespace unyo::playbooks {
namespace {

using testing::at;
using testing::makeRun;
using unyo::testing::TempDir;

class RunIdPrefixTest : public ::testing::Test {
 protected:
  RunIdPrefixTest() : history(dir.path(), 100) {
    for (const char* id : {"20261207T093000Z-3fa9c2", "20261207T093000Z-3fb001",
                           "20261207T101500Z-77ab01", "20261207T1015"}) {
      EXPECT_TRUE(history.append(makeRun(id, "p", RunStatus::success, at(1000))));
    }
  }
  TempDir dir;
  RunHistory history;
};

TEST_F(RunIdPrefixTest, AUniqueBeginningNamesTheRun) {
  EXPECT_FALSE(resolveRunId(history, "20261207T0930")) << "two runs begin so";
  EXPECT_EQ(*resolveRunId(history, "20261207T093000Z-3fa"), "20261207T093000Z-3fa9c2");
  EXPECT_EQ(*resolveRunId(history, "20261207T093000Z-3fa9c2"), "20261207T093000Z-3fa9c2");
}

TEST_F(RunIdPrefixTest, AnExactIdWinsOverRunsItBegins) {
  EXPECT_EQ(*resolveRunId(history, "20261207T1015"), "20261207T1015");
  EXPECT_EQ(*resolveRunId(history, "20261207T10150"), "20261207T101500Z-77ab01");
}

TEST_F(RunIdPrefixTest, AmbiguousUnknownAndEmptyAreErrors) {
  const auto ambiguous = resolveRunId(history, "2026");
  ASSERT_FALSE(ambiguous);
  EXPECT_NE(ambiguous.error().message.find("\"2026\" matches 4 runs"), std::string::npos)
      << ambiguous.error().message;
  EXPECT_NE(ambiguous.error().message.find("give more of the id"), std::string::npos);
  const auto unknown = resolveRunId(history, "2025");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, "no run \"2025\"");
  EXPECT_FALSE(resolveRunId(history, ""));
}

}  // namespace
}  // namespace unyo::playbooks
