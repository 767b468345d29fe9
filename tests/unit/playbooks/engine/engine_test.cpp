// The engine with fake processes: how runs end, labor, dry runs, retries,
// timeouts, on_failure, secrets, and the policies.

#include "playbooks/engine/engine.h"

#include <nlohmann/json.hpp>

#include "unit/playbooks/engine/engine_test_support.h"

namespace unyo::playbooks {
namespace {

using testing::EngineFixture;
using testing::FakeProcessRunner;

const char* kRestartPlaybook = R"(
name: restart-app
labor: {manual_minutes: 20}
params:
  unit: {type: string, default: app.service}
steps:
  - id: restart
    action: exec
    with: {argv: [systemctl, restart, "{{ params.unit }}"]}
  - id: check
    action: exec
    with: {argv: [curl, -sf, "http://127.0.0.1/health"]}
)";

using EngineTest = EngineFixture;

// The sum over the playbook's series of the family (labor comes by trigger);
// -1 when there is none.
double metric(Families& families, std::string_view name, std::string_view playbook,
              std::string_view trigger = "") {
  double sum = -1;
  for (const auto& f : families) {
    if (f.name != name) continue;
    for (const auto& m : f.metric) {
      if (labelValue(m, "playbook") != playbook) continue;
      if (!trigger.empty() && labelValue(m, "trigger") != trigger) continue;
      sum = (sum < 0 ? 0 : sum) + sampleValue(f, m);
    }
  }
  return sum;
}

TEST_F(EngineTest, ASuccessfulRunCreditsLaborAndIsCounted) {
  processes.onPrefix({"systemctl"}, FakeProcessRunner::exited(0));
  processes.onPrefix({"curl"}, FakeProcessRunner::exited(0, "ok"));
  load(kRestartPlaybook);
  const RunRecord run = runToEnd(request("restart-app"));
  EXPECT_EQ(run.status, RunStatus::success) << run.error;
  ASSERT_EQ(run.steps.size(), 2u);
  EXPECT_EQ(run.steps[0].status, StepStatus::ok);
  EXPECT_EQ(processes.argvs()[0], (std::vector<std::string>{"systemctl", "restart", "app.service"}));
  EXPECT_EQ(run.laborMinutes, 20);
  EXPECT_EQ(run.laborYen, 2000);  // 20 min at 6000 yen/h

  EXPECT_TRUE(run.laborCredited);

  Families families;
  engine->appendMetrics(families);
  EXPECT_EQ(metric(families, "unyo_labor_saved_minutes_total", "restart-app"), 20);
  EXPECT_EQ(metric(families, "unyo_labor_saved_yen_total", "restart-app"), 2000);
  // Started by a person: assisted, not automated.
  EXPECT_EQ(metric(families, "unyo_labor_saved_minutes_total", "restart-app", "manual"), 20);
  EXPECT_EQ(metric(families, "unyo_labor_saved_minutes_total", "restart-app", "schedule"), 0);
  EXPECT_GT(metric(families, "unyo_playbook_last_success_timestamp_seconds", "restart-app"), 0);
}

TEST_F(EngineTest, AScheduledRunIsAutomatedAndAManualRunAssisted) {
  processes.onPrefix({"systemctl"}, FakeProcessRunner::exited(0));
  processes.onPrefix({"curl"}, FakeProcessRunner::exited(0, "ok"));
  load(kRestartPlaybook);
  auto scheduled = request("restart-app");
  scheduled.trigger.type = TriggerType::schedule;
  scheduled.trigger.requestedBy = "schedule";
  EXPECT_TRUE(runToEnd(std::move(scheduled)).laborCredited);
  EXPECT_TRUE(runToEnd(request("restart-app")).laborCredited);

  Families families;
  engine->appendMetrics(families);
  EXPECT_EQ(metric(families, "unyo_labor_saved_minutes_total", "restart-app", "schedule"), 20);
  EXPECT_EQ(metric(families, "unyo_labor_saved_minutes_total", "restart-app", "manual"), 20);
  EXPECT_EQ(metric(families, "unyo_labor_saved_yen_total", "restart-app", "schedule"), 2000);
}

const char* kCheckOnly = R"(
name: tidy
labor: {manual_minutes: 10, credit: changed, basis: "手作業の確認"}
steps:
  - id: look
    action: assert
    with: {that: "1 == 1"}
)";

TEST_F(EngineTest, AChangedCreditPlaybookThatChangedNothingCreditsNothing) {
  load(kCheckOnly);
  const RunRecord run = runToEnd(request("tidy"));
  EXPECT_EQ(run.status, RunStatus::success) << run.error;
  EXPECT_FALSE(run.laborCredited);
  EXPECT_EQ(run.laborMinutes, 0);
  EXPECT_EQ(run.laborYen, 0);
  Families families;
  engine->appendMetrics(families);
  EXPECT_EQ(metric(families, "unyo_labor_saved_minutes_total", "tidy"), 0);
}

TEST_F(EngineTest, AChangedCreditPlaybookThatChangedSomethingIsCredited) {
  processes.onPrefix({"systemctl"}, FakeProcessRunner::exited(0));
  load(R"(
name: tidy
labor: {manual_minutes: 10, credit: changed}
steps:
  - id: look
    action: assert
    with: {that: "1 == 1"}
  - id: act
    action: exec
    with: {argv: [systemctl, restart, app.service]}
)");
  const RunRecord run = runToEnd(request("tidy"));
  EXPECT_EQ(run.status, RunStatus::success) << run.error;
  EXPECT_TRUE(run.laborCredited);
  EXPECT_EQ(run.laborMinutes, 10);
  EXPECT_EQ(run.laborYen, 1000);
}

TEST_F(EngineTest, AFailingDryRunIsADryRunAndCountsNoFailure) {
  processes.onPrefix({"systemctl"}, FakeProcessRunner::exited(0));
  load(R"(
name: probe
steps:
  - id: check
    action: assert
    with: {that: "1 == 2", message: port 5432 is closed}
  - id: restart
    action: exec
    with: {argv: [systemctl, restart, app.service]}
)");
  const RunRecord run = runToEnd(request("probe", /*dryRun=*/true));
  EXPECT_EQ(run.status, RunStatus::dryRun);
  ASSERT_EQ(run.steps.size(), 1u);  // stops where a real run would
  EXPECT_EQ(run.steps[0].status, StepStatus::failed);
  EXPECT_NE(run.error.find("step \"check\" failed"), std::string::npos) << run.error;
  EXPECT_FALSE(run.laborCredited);

  Families families;
  engine->appendMetrics(families);
  bool dryRunFailureCounted = false;
  for (const auto& f : families) {
    for (const auto& m : f.metric) {
      if (f.name == "unyo_playbook_runs_total") {
        EXPECT_NE(labelValue(m, "result"), "failure");
      }
      if (f.name == "unyo_playbook_step_failures_total") ADD_FAILURE() << "counted as a failure";
      if (f.name == "unyo_playbook_dry_run_step_failures_total" &&
          labelValue(m, "step") == "check" && m.counter.value == 1) {
        dryRunFailureCounted = true;
      }
    }
  }
  EXPECT_TRUE(dryRunFailureCounted);
  EXPECT_EQ(metric(families, "unyo_playbook_runs_total", "probe"), 1);
}

TEST_F(EngineTest, AFailingStepAbortsTheRunAndRunsOnFailureSteps) {
  processes.onPrefix({"systemctl"}, FakeProcessRunner::exited(1, "", "Unit app.service not found."));
  processes.onPrefix({"logger"}, FakeProcessRunner::exited(0));
  load(std::string(kRestartPlaybook) + R"(
on_failure:
  - id: tell
    action: exec
    with: {argv: [logger, "{{ playbook.name }}: {{ run.error }}"]}
)");
  const RunRecord run = runToEnd(request("restart-app"));
  EXPECT_EQ(run.status, RunStatus::failure);
  ASSERT_EQ(run.steps.size(), 1u);  // check never ran
  EXPECT_EQ(run.steps[0].status, StepStatus::failed);
  EXPECT_NE(run.error.find("step \"restart\" failed"), std::string::npos) << run.error;
  ASSERT_EQ(run.onFailureSteps.size(), 1u);
  const auto argv = processes.argvs().back();
  EXPECT_EQ(argv[0], "logger");
  EXPECT_EQ(argv[1].rfind("restart-app: step \"restart\" failed", 0), 0u) << argv[1];
  EXPECT_EQ(run.laborMinutes, 0);

  Families families;
  engine->appendMetrics(families);
  EXPECT_EQ(metric(families, "unyo_labor_saved_minutes_total", "restart-app"), 0);
}

TEST_F(EngineTest, ContinueOnFailureAndWhenSeeEarlierSteps) {
  processes.onPrefix({"df"}, FakeProcessRunner::exited(1));
  processes.onPrefix({"systemctl"}, FakeProcessRunner::exited(0));
  load(R"(
name: heal
steps:
  - id: probe
    action: exec
    with: {argv: [df, /var]}
    on_failure: continue
  - id: fix
    action: exec
    with: {argv: [systemctl, restart, app.service]}
    when: '{{ steps.probe.failed }}'
  - id: never
    action: exec
    with: {argv: [systemctl, stop, app.service]}
    when: steps.probe.ok
)");
  const RunRecord run = runToEnd(request("heal"));
  EXPECT_EQ(run.status, RunStatus::success) << run.error;
  ASSERT_EQ(run.steps.size(), 3u);
  EXPECT_EQ(run.steps[0].status, StepStatus::failed);
  EXPECT_EQ(run.steps[1].status, StepStatus::ok);
  EXPECT_EQ(run.steps[2].status, StepStatus::skipped);
  EXPECT_EQ(processes.argvs().size(), 2u);
}

TEST_F(EngineTest, RetriesUntilTheStepSucceeds) {
  processes.onPrefix({"flaky"}, FakeProcessRunner::exited(1));
  load(R"(
name: retry
steps:
  - id: flaky
    action: exec
    with: {argv: [flaky]}
    retries: 2
    retry_delay: 10ms
)");
  const RunRecord run = runToEnd(request("retry"));
  EXPECT_EQ(run.status, RunStatus::failure);
  EXPECT_EQ(run.steps[0].attempts, 3);
  EXPECT_EQ(processes.argvs().size(), 3u);

  Families families;
  engine->appendMetrics(families);
  bool found = false;
  for (const auto& f : families) {
    if (f.name != "unyo_playbook_step_failures_total") continue;
    for (const auto& m : f.metric) {
      found = found || (labelValue(m, "step") == "flaky" && m.counter.value == 1);
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(EngineTest, ADryRunChangesNothingAndCreditsNothing) {
  load(kRestartPlaybook);
  const RunRecord run = runToEnd(request("restart-app", /*dryRun=*/true));
  EXPECT_EQ(run.status, RunStatus::dryRun) << run.error;
  EXPECT_TRUE(processes.argvs().empty());  // exec reported, ran nothing
  ASSERT_EQ(run.steps.size(), 2u);
  EXPECT_NE(run.steps[0].summary.find("would run"), std::string::npos) << run.steps[0].summary;
  EXPECT_EQ(run.laborMinutes, 0);
}

TEST_F(EngineTest, AStepThatHangsTimesOut) {
  processes.hangOn({"sleep"}, FakeProcessRunner::exited(0));
  load(R"(
name: hang
steps:
  - id: nap
    action: exec
    with: {argv: [sleep, "3600"]}
    timeout: 50ms
)");
  const RunRecord run = runToEnd(request("hang"));
  EXPECT_EQ(run.status, RunStatus::failure);
  EXPECT_EQ(run.steps[0].status, StepStatus::timedOut);
  processes.release();
}

TEST_F(EngineTest, SecretsNeverReachTheRecord) {
  processes.onPrefix({"curl"}, FakeProcessRunner::exited(0, "token=s3cr3t-value accepted"));
  // A caller never sets a secret (it is never overridable): it comes from a file.
  unyo::testing::writeFile(dir.path() / "token", "s3cr3t-value\n");
  load(R"(
name: secret
params:
  token: {type: string, secret: true, from_file: )" + (dir.path() / "token").string() + R"(}
steps:
  - id: call
    action: exec
    with: {argv: [curl, -H, "Authorization: Bearer {{ params.token }}", http://x]}
)");
  const RunRecord run = runToEnd(request("secret"));
  EXPECT_EQ(run.status, RunStatus::success) << run.error;
  // The process got the real token...
  EXPECT_EQ(processes.argvs()[0][2], "Authorization: Bearer s3cr3t-value");
  // ...the record shows *** everywhere.
  const std::string stored = toJson(run).dump();
  EXPECT_EQ(stored.find("s3cr3t-value"), std::string::npos) << stored;
  EXPECT_NE(stored.find("token=*** accepted"), std::string::npos) << stored;
  EXPECT_EQ(run.params.find("token")->asString(), "***");
  const std::string history = unyo::testing::readFile(engine->history().file());
  EXPECT_EQ(history.find("s3cr3t-value"), std::string::npos);
}

TEST_F(EngineTest, BadRequestsAreRefusedAtOnce) {
  load(kRestartPlaybook);
  EXPECT_EQ(engine->submit(request("nope")).error().message, "unknown playbook \"nope\"");
  auto r = request("restart-app");
  r.params.set("unti", "x");
  EXPECT_EQ(engine->submit(r).error().message,
            "unknown param \"unti\" for playbook restart-app (it takes unit)");
}

TEST_F(EngineTest, RunsBeyondTheHourlyLimitAreRateLimited) {
  processes.onPrefix({"true"}, FakeProcessRunner::exited(0));
  load(R"(
name: limited
policy: {max_runs_per_hour: 1}
steps:
  - id: t
    action: exec
    with: {argv: ["true"]}
)");
  EXPECT_EQ(runToEnd(request("limited")).status, RunStatus::success);
  const RunRecord second = runToEnd(request("limited"));
  EXPECT_EQ(second.status, RunStatus::rateLimited);
  EXPECT_NE(second.error.find("max_runs_per_hour"), std::string::npos);
  // A dry run is not limited: it changes nothing.
  EXPECT_EQ(runToEnd(request("limited", true)).status, RunStatus::dryRun);
  clock.advance(std::chrono::minutes(61));
  EXPECT_EQ(runToEnd(request("limited")).status, RunStatus::success);
}

TEST_F(EngineTest, ForbidSkipsARunWhileAnotherHoldsThePlaybook) {
  processes.hangOn({"sleep"}, FakeProcessRunner::exited(0));
  load(R"(
name: single
steps:
  - id: nap
    action: exec
    with: {argv: [sleep, "10"]}
)");
  auto first = engine->submit(request("single"));
  ASSERT_TRUE(first);
  ASSERT_TRUE(runUntil([&] { return processes.hanging() == 1; }));
  const RunRecord second = runToEnd(request("single"));
  EXPECT_EQ(second.status, RunStatus::skipped);
  EXPECT_NE(second.error.find("in progress"), std::string::npos);
  processes.release();
  ASSERT_TRUE(runUntil([&] { return !engine->activeRun(*first); }));
  EXPECT_EQ((*engine->history().find(*first))->status, RunStatus::success);
}

TEST_F(EngineTest, QueueWaitsForTheRunningOne) {
  processes.hangOn({"sleep"}, FakeProcessRunner::exited(0));
  load(R"(
name: queued
policy: {concurrency: queue}
steps:
  - id: nap
    action: exec
    with: {argv: [sleep, "10"]}
)");
  auto first = engine->submit(request("queued"));
  ASSERT_TRUE(runUntil([&] { return processes.hanging() == 1; }));
  auto second = engine->submit(request("queued"));
  ASSERT_TRUE(second);
  io.run_for(std::chrono::milliseconds(100));
  io.restart();
  EXPECT_EQ(engine->activeRun(*second)->status, RunStatus::queued);
  processes.release();
  ASSERT_TRUE(runUntil([&] { return !engine->activeRun(*first) && !engine->activeRun(*second); }));
  EXPECT_EQ((*engine->history().find(*second))->status, RunStatus::success);
}

TEST_F(EngineTest, MaxConcurrentRunsHoldsBackTheRest) {
  makeEngine(/*maxConcurrentRuns=*/1);
  processes.hangOn({"sleep"}, FakeProcessRunner::exited(0));
  const std::string body = "steps:\n  - id: nap\n    action: exec\n    with: {argv: [sleep, \"1\"]}\n";
  loadAll({"name: a\n" + body, "name: b\n" + body});
  auto a = engine->submit(request("a"));
  auto b = engine->submit(request("b"));
  ASSERT_TRUE(runUntil([&] { return processes.hanging() == 1; }));
  io.run_for(std::chrono::milliseconds(100));
  io.restart();
  EXPECT_EQ(processes.hanging(), 1u);
  EXPECT_EQ(engine->activeRun(*b)->status, RunStatus::queued);
  processes.release();
  ASSERT_TRUE(runUntil([&] { return !engine->activeRun(*a) && !engine->activeRun(*b); }));
}

const char* kApprovalPlaybook = R"(
name: risky
labor: {manual_minutes: 30}
policy: {approval: required, approval_ttl: 1h}
steps:
  - id: go
    action: exec
    with: {argv: ["true"]}
)";

TEST_F(EngineTest, ARunNeedingApprovalWaitsAndRunsOnceApproved) {
  processes.onPrefix({"true"}, FakeProcessRunner::exited(0));
  load(kApprovalPlaybook);
  auto id = engine->submit(request("risky"));
  ASSERT_TRUE(id);
  io.run_for(std::chrono::milliseconds(100));
  io.restart();
  EXPECT_EQ(engine->activeRun(*id)->status, RunStatus::pending);
  EXPECT_TRUE(processes.argvs().empty());
  ASSERT_TRUE(engine->decide(*id, true, "api:staff"));
  ASSERT_TRUE(runUntil([&] { return !engine->activeRun(*id); }));
  const RunRecord run = **engine->history().find(*id);
  EXPECT_EQ(run.status, RunStatus::success);
  EXPECT_EQ(run.decidedBy, "api:staff");
  EXPECT_EQ(run.laborMinutes, 30);
}

TEST_F(EngineTest, ARejectedRunNeverRuns) {
  load(kApprovalPlaybook);
  auto id = engine->submit(request("risky"));
  ASSERT_TRUE(engine->decide(*id, false, "cli:root"));
  ASSERT_TRUE(runUntil([&] { return !engine->activeRun(*id); }));
  const RunRecord run = **engine->history().find(*id);
  EXPECT_EQ(run.status, RunStatus::rejected);
  EXPECT_EQ(run.error, "rejected by cli:root");
  EXPECT_TRUE(processes.argvs().empty());
}

TEST_F(EngineTest, AnUnansweredApprovalExpiresAsRejected) {
  load(kApprovalPlaybook);
  auto id = engine->submit(request("risky"));
  io.run_for(std::chrono::milliseconds(50));
  io.restart();
  clock.advance(std::chrono::minutes(61));
  ASSERT_TRUE(runUntil([&] { return !engine->activeRun(*id); }));
  const RunRecord run = **engine->history().find(*id);
  EXPECT_EQ(run.status, RunStatus::rejected);
  EXPECT_NE(run.error.find("approval expired"), std::string::npos) << run.error;
}

TEST_F(EngineTest, ADecisionFiledByAnotherProcessIsSeen) {
  processes.onPrefix({"true"}, FakeProcessRunner::exited(0));
  load(kApprovalPlaybook);
  auto id = engine->submit(request("risky"));
  // Another process (`unyo runs approve`) leaves its decision in the state dir.
  ApprovalBox box(dir.path());
  ASSERT_TRUE(box.decide(*id, {true, "cli:operator", clock.now()}));
  ASSERT_TRUE(runUntil([&] { return !engine->activeRun(*id); }));
  EXPECT_EQ((*engine->history().find(*id))->status, RunStatus::success);
}

TEST_F(EngineTest, StopRecordsWhatIsInFlight) {
  processes.hangOn({"sleep"}, FakeProcessRunner::exited(0));
  load(R"(
name: long
steps:
  - id: nap
    action: exec
    with: {argv: [sleep, "10"]}
)");
  auto id = engine->submit(request("long"));
  ASSERT_TRUE(runUntil([&] { return processes.hanging() == 1; }));
  engine->stop();
  const RunRecord run = **engine->history().find(*id);
  EXPECT_EQ(run.status, RunStatus::failure);
  EXPECT_NE(run.error.find("interrupted"), std::string::npos);
  EXPECT_FALSE(engine->submit(request("long")));
  processes.release();
  io.run_for(std::chrono::milliseconds(50));
}

// Runs a stop interrupts end like any other: in the history with a finish
// number, in the counters (so the metrics), and told to listeners.
TEST_F(EngineTest, StopCountsInterruptedRunsAndTellsListeners) {
  struct Finished : RunListener {
    std::vector<RunRecord> runs;
    void runFinished(const RunRecord& run) override { runs.push_back(run); }
  } finished;
  processes.hangOn({"sleep"}, FakeProcessRunner::exited(0));
  makeEngine(1);
  engine->addListener(finished);
  load(R"(
name: long
labor: {manual_minutes: 30}
steps:
  - id: nap
    action: exec
    with: {argv: [sleep, "10"]}
)");
  auto running = engine->submit(request("long"));
  auto queued = engine->submit(request("long"));
  ASSERT_TRUE(runUntil([&] { return processes.hanging() == 1; }));
  engine->stop();
  ASSERT_EQ(finished.runs.size(), 2u);
  RunCounters counters(dir.path());
  auto totals = counters.load();
  ASSERT_TRUE(totals);
  EXPECT_EQ((totals->at("long").runs[{"manual", "failure"}]), 1);
  EXPECT_EQ((totals->at("long").runs[{"manual", "rejected"}]), 1);
  EXPECT_EQ(*counters.appliedSeq(), 2u);
  processes.release();
  io.run_for(std::chrono::milliseconds(50));
  // The executor finishing afterwards counts nothing more.
  totals = counters.load();
  EXPECT_EQ((totals->at("long").runs[{"manual", "failure"}]), 1);
  EXPECT_EQ(finished.runs.size(), 2u);
}

TEST_F(EngineTest, EveryEndingIsCountedOnceAfterAnyNumberOfReconciles) {
  processes.onPrefix({"systemctl"}, FakeProcessRunner::exited(0));
  processes.onPrefix({"curl"}, FakeProcessRunner::exited(1));
  load(kRestartPlaybook);
  runToEnd(request("restart-app"));
  runToEnd(request("restart-app", /*dryRun=*/true));
  engine->reconcile();
  engine->reconcile();
  RunCounters counters(dir.path());
  auto totals = counters.load();
  ASSERT_TRUE(totals);
  double all = 0;
  for (const auto& [key, count] : totals->at("restart-app").runs) all += count;
  EXPECT_EQ(all, 2);
  EXPECT_EQ(*counters.appliedSeq(), 2u);
}

}  // namespace
}  // namespace unyo::playbooks
