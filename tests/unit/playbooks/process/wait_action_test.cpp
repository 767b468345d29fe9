#include "playbooks/actions/wait_action.h"

#include <gtest/gtest.h>

#include "fakes/fake_process_runner.h"
#include "unit/playbooks/process/coroutine_support.h"

namespace unyo::playbooks {
namespace {

class WaitActionTest : public ::testing::Test {
 protected:
  ActionResult run(Value with, bool dryRun = false,
                   std::chrono::milliseconds timeout = std::chrono::minutes(10)) {
    ActionRequest request;
    request.with = std::move(with);
    request.dryRun = dryRun;
    request.timeout = timeout;
    auto action = waitActionDescriptor().create();
    return testing::runToCompletion(system_.io, action->run(request, system_.access));
  }
  static Value duration(const char* text) {
    Value with = Value::map();
    with.set("duration", text);
    return with;
  }

  testing::FakeProcessRunner processes_;
  testing::TestSystem system_{processes_};
};

TEST_F(WaitActionTest, WaitsOnATimer) {
  const ActionResult r = run(duration("20ms"));
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_FALSE(r.changed);
  EXPECT_EQ(r.summary, "waited 20ms");
  EXPECT_EQ(r.output.find("duration_ms")->asInt(), 20);
}

TEST_F(WaitActionTest, DryRunReturnsAtOnce) {
  // An hour-long timer would keep io.run() from returning.
  const ActionResult r = run(duration("1h"), true, std::chrono::hours(2));
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.summary, "would wait 1h");
}

TEST_F(WaitActionTest, ExplainsABadDuration) {
  EXPECT_EQ(run(Value::map()).error, "\"duration\" is required");
  EXPECT_FALSE(run(duration("soon")).ok);
  EXPECT_EQ(run(duration("1h"), false, std::chrono::minutes(5)).error,
            "\"duration\": 1h is longer than the step timeout 5m");
}

}  // namespace
}  // namespace unyo::playbooks
