// The engine and a caller's params: locked params refuse the run before
// anything is recorded; approval: when_overridden holds a run only when
// the caller changed something.

#include <gtest/gtest.h>

#include "playbooks/engine/engine.h"
#include "unit/playbooks/engine/engine_test_support.h"

namespace unyo::playbooks {
namespace {

using testing::EngineFixture;
using testing::FakeProcessRunner;

const char* kPurge = R"(
name: purge
params:
  days: {type: int, default: 30, overridable: true, min: 1}
  unit: {type: string, default: app.service}
policy: {approval: when_overridden}
steps:
  - id: go
    action: exec
    with: {argv: ["true", "{{ params.days }}"]}
)";

using EngineParamsTest = EngineFixture;

TEST_F(EngineParamsTest, ALockedParamRefusesTheRunAsInvalid) {
  load(kPurge);
  auto r = request("purge");
  r.params.set("unit", "sshd.service");
  auto id = engine->submit(r);
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().kind, ErrorKind::invalid);
  EXPECT_NE(id.error().message.find("param \"unit\": locked"), std::string::npos)
      << id.error().message;
  EXPECT_TRUE(engine->activeRuns().empty());
  EXPECT_TRUE(processes.argvs().empty());
}

TEST_F(EngineParamsTest, AnOutOfBoundsValueRefusesTheRunAsInvalid) {
  load(kPurge);
  auto r = request("purge");
  r.params.set("days", "0");
  auto id = engine->submit(r);
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().kind, ErrorKind::invalid);
  EXPECT_EQ(id.error().message, "param \"days\": 0 is below the minimum 1");
  EXPECT_TRUE(engine->activeRuns().empty());
}

TEST_F(EngineParamsTest, WhenOverriddenAChangedParamWaitsForApproval) {
  processes.onPrefix({"true"}, FakeProcessRunner::exited(0));
  load(kPurge);
  auto r = request("purge");
  r.params.set("days", "7");
  auto id = engine->submit(r);
  ASSERT_TRUE(id) << id.error().message;
  io.run_for(std::chrono::milliseconds(100));
  io.restart();
  ASSERT_TRUE(engine->activeRun(*id));
  EXPECT_EQ(engine->activeRun(*id)->status, RunStatus::pending);
  EXPECT_TRUE(processes.argvs().empty());
  ASSERT_TRUE(engine->decide(*id, true, "api:staff"));
  ASSERT_TRUE(runUntil([&] { return !engine->activeRun(*id); }));
  EXPECT_EQ((**engine->history().find(*id)).status, RunStatus::success);
  EXPECT_EQ(processes.argvs()[0], (std::vector<std::string>{"true", "7"}));
}

TEST_F(EngineParamsTest, WhenOverriddenDefaultsRunAtOnce) {
  processes.onPrefix({"true"}, FakeProcessRunner::exited(0));
  load(kPurge);
  EXPECT_EQ(runToEnd(request("purge")).status, RunStatus::success);
  auto same = request("purge");
  same.params.set("days", "30");  // given, but the default: nothing to approve
  EXPECT_EQ(runToEnd(std::move(same)).status, RunStatus::success);
  EXPECT_EQ(processes.argvs().size(), 2u);
}

}  // namespace
}  // namespace unyo::playbooks
