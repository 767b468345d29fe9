#include "playbooks/actions/service_action.h"

#include <gtest/gtest.h>

#include "fakes/fake_process_runner.h"
#include "unit/playbooks/process/coroutine_support.h"

namespace unyo::playbooks {
namespace {

using testing::FakeProcessRunner;
using Argv = std::vector<std::string>;

const Argv kShow{"systemctl", "show", "--property=ActiveState,SubState,LoadState,MainPID",
                 "app.service"};

std::string showOutput(std::string_view active, std::string_view sub,
                       std::string_view load = "loaded", int pid = 0) {
  return "MainPID=" + std::to_string(pid) + "\nLoadState=" + std::string(load) +
         "\nActiveState=" + std::string(active) + "\nSubState=" + std::string(sub) + "\n";
}

class ServiceActionTest : public ::testing::Test {
 protected:
  ActionResult run(const ActionDescriptor& descriptor, Value with, bool dryRun = false) {
    ActionRequest request;
    request.with = std::move(with);
    request.dryRun = dryRun;
    request.timeout = std::chrono::seconds(30);
    auto action = descriptor.create();
    return testing::runToCompletion(system_.io, action->run(request, system_.access));
  }
  static Value unit(std::string name) {
    Value with = Value::map();
    with.set("unit", std::move(name));
    return with;
  }
  void unitIs(std::string_view active, std::string_view sub, std::string_view load = "loaded") {
    processes_.onExact(kShow, FakeProcessRunner::exited(0, showOutput(active, sub, load, 4242)));
  }

  FakeProcessRunner processes_;
  testing::TestSystem system_{processes_};
};

TEST_F(ServiceActionTest, StatusReportsWhatSystemctlShows) {
  unitIs("active", "running");
  const ActionResult r = run(serviceStatusActionDescriptor(), unit("app.service"));
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_FALSE(r.changed);
  EXPECT_EQ(r.output.find("unit")->asString(), "app.service");
  EXPECT_EQ(r.output.find("active_state")->asString(), "active");
  EXPECT_EQ(r.output.find("sub_state")->asString(), "running");
  EXPECT_EQ(r.output.find("load_state")->asString(), "loaded");
  EXPECT_EQ(r.output.find("main_pid")->asInt(), 4242);
  EXPECT_TRUE(r.output.find("active")->asBool());
  EXPECT_EQ(r.summary, "app.service is active (running)");
  EXPECT_EQ(processes_.argvs(), std::vector<Argv>{kShow});
}

TEST_F(ServiceActionTest, StatusFailsWhenNotActiveUnlessInactiveIsExpected) {
  unitIs("inactive", "dead");
  const ActionResult r = run(serviceStatusActionDescriptor(), unit("app"));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "app.service is inactive (dead), expected active");
  EXPECT_FALSE(r.output.find("active")->asBool());

  Value with = unit("app");
  with.set("expect", "inactive");
  EXPECT_TRUE(run(serviceStatusActionDescriptor(), with).ok);
  with.set("expect", "running");
  EXPECT_EQ(run(serviceStatusActionDescriptor(), with).error,
            "\"expect\": expected active or inactive, got \"running\"");
}

TEST_F(ServiceActionTest, StatusFailsWhenSystemctlFails) {
  processes_.onExact(kShow, FakeProcessRunner::exited(1, "", "Failed to connect to bus\n"));
  const ActionResult r = run(serviceStatusActionDescriptor(), unit("app.service"));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error,
            "systemctl show --property=ActiveState,SubState,LoadState,MainPID app.service: "
            "exited with status 1: Failed to connect to bus");
}

TEST_F(ServiceActionTest, StartWhenAlreadyActiveChangesNothing) {
  unitIs("active", "running");
  const ActionResult r = run(serviceStartActionDescriptor(), unit("app.service"));
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_FALSE(r.changed);
  EXPECT_EQ(r.summary, "app.service already active");
  EXPECT_EQ(processes_.argvs(), std::vector<Argv>{kShow});
}

TEST_F(ServiceActionTest, StartsAnInactiveUnit) {
  unitIs("failed", "failed");
  processes_.onExact({"systemctl", "start", "app.service"}, FakeProcessRunner::exited(0));
  const ActionResult r = run(serviceStartActionDescriptor(), unit("app"));
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(r.changed);
  EXPECT_EQ(r.summary, "started app.service");
  EXPECT_EQ(processes_.argvs(), (std::vector<Argv>{kShow, {"systemctl", "start", "app.service"}}));
}

TEST_F(ServiceActionTest, StartOfAnUnknownUnitFails) {
  unitIs("inactive", "dead", "not-found");
  const ActionResult r = run(serviceStartActionDescriptor(), unit("app"));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "unit app.service not found");
}

TEST_F(ServiceActionTest, StopWhenAlreadyStoppedChangesNothing) {
  unitIs("inactive", "dead");
  const ActionResult r = run(serviceStopActionDescriptor(), unit("app.service"));
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_FALSE(r.changed);
  EXPECT_EQ(r.summary, "app.service already stopped");
}

TEST_F(ServiceActionTest, StopsAnActiveUnit) {
  unitIs("active", "running");
  processes_.onExact({"systemctl", "stop", "app.service"}, FakeProcessRunner::exited(0));
  const ActionResult r = run(serviceStopActionDescriptor(), unit("app.service"));
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(r.changed);
  EXPECT_EQ(r.summary, "stopped app.service");
}

TEST_F(ServiceActionTest, RestartRunsExactlySystemctlRestart) {
  processes_.onExact({"systemctl", "restart", "app.service"}, FakeProcessRunner::exited(0));
  const ActionResult r = run(serviceRestartActionDescriptor(), unit("app"));
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(r.changed);
  EXPECT_EQ(r.summary, "restarted app.service");
  EXPECT_EQ(processes_.argvs(), (std::vector<Argv>{{"systemctl", "restart", "app.service"}}));
  EXPECT_EQ(processes_.specs().front().timeout, std::chrono::seconds(30));
}

TEST_F(ServiceActionTest, RestartFailureCarriesTheLastLineOfStderr) {
  processes_.onExact({"systemctl", "restart", "app.service"},
                     FakeProcessRunner::exited(5, "",
                                               "Failed to restart app.service: Unit "
                                               "app.service not found.\n"));
  const ActionResult r = run(serviceRestartActionDescriptor(), unit("app.service"));
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(r.changed);
  EXPECT_EQ(r.error,
            "systemctl restart app.service: exited with status 5: Failed to restart app.service: "
            "Unit app.service not found.");
}

TEST_F(ServiceActionTest, DryRunRunsNothingButStatus) {
  unitIs("inactive", "dead");
  const ActionResult start = run(serviceStartActionDescriptor(), unit("app"), true);
  EXPECT_TRUE(start.ok);
  EXPECT_FALSE(start.changed);
  EXPECT_EQ(start.summary, "would start app.service");

  const ActionResult restart = run(serviceRestartActionDescriptor(), unit("app"), true);
  EXPECT_TRUE(restart.ok);
  EXPECT_EQ(restart.summary, "would restart app.service");
  ASSERT_NE(restart.output.find("would_run"), nullptr);
  EXPECT_EQ(restart.output.find("would_run")->toText(), R"(["systemctl","restart","app.service"])");

  // Only the read-only status query ran.
  EXPECT_EQ(processes_.argvs(), std::vector<Argv>{kShow});
}

TEST_F(ServiceActionTest, RejectsWhatIsNotAUnitName) {
  for (const char* bad : {"app;reboot", "-h", "--no-block", "a b", "app/../x", "$(id)"}) {
    const ActionResult r = run(serviceRestartActionDescriptor(), unit(bad));
    EXPECT_FALSE(r.ok) << bad;
    EXPECT_EQ(r.error, "\"unit\": \"" + std::string(bad) + "\" is not a systemd unit name");
  }
  EXPECT_EQ(run(serviceRestartActionDescriptor(), Value::map()).error, "\"unit\" is required");
  EXPECT_TRUE(processes_.specs().empty());
}

TEST(UnitNameTest, AddsServiceWhenThereIsNoSuffix) {
  EXPECT_EQ(normalizeUnitName("app").value(), "app.service");
  EXPECT_EQ(normalizeUnitName("getty@tty1").value(), "getty@tty1.service");
  EXPECT_EQ(normalizeUnitName("nginx.conf").value(), "nginx.conf.service");
  EXPECT_EQ(normalizeUnitName("logrotate.timer").value(), "logrotate.timer");
  EXPECT_EQ(normalizeUnitName("var-lib.mount").value(), "var-lib.mount");
  EXPECT_FALSE(normalizeUnitName(""));
}

TEST(UnitStatusTest, ParsesKeysInAnyOrder) {
  auto s = parseUnitStatus("SubState=exited\nActiveState=active\nLoadState=loaded\nMainPID=0\n");
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->active());
  EXPECT_EQ(s->subState, "exited");
  EXPECT_FALSE(parseUnitStatus("MainPID=12\n"));
  EXPECT_FALSE(parseUnitStatus("ActiveState=active\nLoadState=loaded\nMainPID=x\n"));
}

}  // namespace
}  // namespace unyo::playbooks
