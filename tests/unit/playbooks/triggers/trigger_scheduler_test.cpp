// Schedules against a fake clock, conditions against hand-built samples,
// alerts against Alertmanager payloads.

#include "playbooks/triggers/trigger_scheduler.h"

#include "unit/playbooks/engine/engine_test_support.h"

namespace unyo::playbooks {
namespace {

using namespace std::chrono_literals;
using testing::EngineFixture;
using testing::FakeProcessRunner;

class TriggerSchedulerTest : public EngineFixture {
 protected:
  TriggerSchedulerTest() {
    processes.onPrefix({"echo"}, FakeProcessRunner::exited(0));
    Options options;
    options.timezone = "Asia/Tokyo";
    const char* fixtures = std::getenv("UNYO_FIXTURES");
    options.holidaysFile =
        std::filesystem::path(fixtures ? fixtures : "tests/fixtures") / "data/syukujitsu-2025-2027.csv";
    auto configured = scheduler.configure(options, "seed");
    EXPECT_TRUE(configured) << (configured ? "" : configured.error().toString());
  }

  // Waits for submitted runs to finish and counts the runs of `playbook`.
  std::size_t runs(const std::string& playbook) {
    runUntil([&] { return engine->activeRuns().empty(); });
    auto list = engine->history().list(playbook, 0);
    return list ? list->size() : 0;
  }

  void use(const std::string& yaml) {
    load(yaml);
    scheduler.setPlaybooks(engine->playbooks());
  }

  // 2026-04-01 is a Wednesday; the fake clock starts at 00:00 UTC, 09:00 JST.
  static Clock::WallTime jst(int month, int day, int hour, int minute = 0) {
    std::tm tm{};
    tm.tm_year = 126;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour - 9;
    tm.tm_min = minute;
    return Clock::WallTime(std::chrono::seconds(timegm(&tm)));
  }

  TriggerScheduler scheduler{system, *engine};
};

const char* kDaily = R"(
name: daily
triggers:
  - schedule: "0 10 * * *"
    calendar: business_days
steps:
  - id: s
    action: exec
    with: {argv: [echo]}
)";

TEST_F(TriggerSchedulerTest, AScheduleFiresOnceWhenDueOnBusinessDays) {
  use(kDaily);
  EXPECT_EQ(scheduler.nextRun("daily"), jst(4, 1, 10));
  clock.advance(59min);
  scheduler.poll();
  EXPECT_EQ(runs("daily"), 0u);
  clock.advance(2min);
  scheduler.poll();
  scheduler.poll();  // polling again at the same time starts nothing more
  EXPECT_EQ(runs("daily"), 1u);
  auto recorded = engine->history().list("daily", 1);
  EXPECT_EQ(recorded->front().trigger.type, TriggerType::schedule);
  EXPECT_EQ(recorded->front().trigger.scheduledAt, jst(4, 1, 10));
  EXPECT_EQ(scheduler.nextRun("daily"), jst(4, 2, 10));
}

TEST_F(TriggerSchedulerTest, BusinessDaysSkipWeekendsAndHolidays) {
  use(kDaily);
  clock.jumpWall(jst(4, 3, 11));  // Friday, after the run
  scheduler.setPlaybooks(engine->playbooks());
  EXPECT_EQ(scheduler.nextRun("daily"), jst(4, 6, 10));  // Monday
  clock.jumpWall(jst(4, 28, 11));  // Tuesday; 4/29 is 昭和の日
  scheduler.setPlaybooks(engine->playbooks());
  EXPECT_EQ(scheduler.nextRun("daily"), jst(4, 30, 10));
}

TEST_F(TriggerSchedulerTest, AScheduleMissedWhileAwayIsNotReplayed) {
  use(kDaily);
  clock.advance(72h);  // the agent was down (or the VM suspended) for three days
  scheduler.poll();
  EXPECT_EQ(runs("daily"), 0u);
  ASSERT_TRUE(scheduler.nextRun("daily"));
  EXPECT_GT(*scheduler.nextRun("daily"), clock.now());
}

TEST_F(TriggerSchedulerTest, AClockJumpNeverFiresABurst) {
  use(R"(
name: hourly
triggers:
  - schedule: "0 * * * *"
steps:
  - id: s
    action: exec
    with: {argv: [echo]}
)");
  // A jump of a few minutes past one due time: that run, once.
  clock.jumpWall(jst(4, 1, 10, 3));
  scheduler.poll();
  scheduler.poll();
  EXPECT_EQ(runs("hourly"), 1u);
  // A jump of five hours: the four hours between are not run in a burst.
  clock.jumpWall(jst(4, 1, 15, 2));
  scheduler.poll();
  scheduler.poll();
  EXPECT_EQ(runs("hourly"), 2u);
  // Back by an hour: the hour already run is not run again.
  clock.jumpWall(jst(4, 1, 14, 59));
  scheduler.poll();
  clock.jumpWall(jst(4, 1, 15, 1));
  scheduler.poll();
  EXPECT_EQ(runs("hourly"), 2u);
}

collectors::SnapshotPtr sample(Clock::SteadyTime at, double var, double srv) {
  auto snapshot = std::make_shared<collectors::Snapshot>();
  snapshot->takenAtSteady = at;
  auto used = gaugeFamily("unyo_filesystem_used_ratio", "");
  addSample(used, var, {{"device", "/dev/vdb"}, {"fstype", "ext4"}, {"mountpoint", "/var"}});
  addSample(used, srv, {{"device", "/dev/vdc"}, {"fstype", "ext4"}, {"mountpoint", "/srv"}});
  snapshot->families.push_back(std::move(used));
  return snapshot;
}

TEST_F(TriggerSchedulerTest, AConditionFiresPerSeriesAfterHoldingOncePerEpisodeWithCooldown) {
  use(R"(
name: full
triggers:
  - condition: 'unyo_filesystem_used_ratio > 0.85'
    for: 5m
    cooldown: 1h
steps:
  - id: s
    action: exec
    with: {argv: [echo, "{{ trigger.labels.mountpoint }}"]}
)");
  const Clock::SteadyTime t0{100h};
  auto at = [&](std::chrono::minutes m, double var, double srv) {
    clock.advance(1s);  // runs get distinct creation times, so "newest" is well defined
    scheduler.onSnapshot(sample(t0 + m, var, srv));
    return runs("full");
  };
  EXPECT_EQ(at(0min, 0.9, 0.5), 0u);
  EXPECT_EQ(at(4min, 0.9, 0.5), 0u);   // not held for 5m yet
  EXPECT_EQ(at(5min, 0.9, 0.5), 1u);   // /var fires
  EXPECT_EQ(at(6min, 0.9, 0.9), 1u);   // once per episode; /srv starts holding
  EXPECT_EQ(at(11min, 0.9, 0.9), 2u);  // /srv fires on its own
  EXPECT_EQ(processes.argvs()[0], (std::vector<std::string>{"echo", "/var"}));
  EXPECT_EQ(processes.argvs()[1], (std::vector<std::string>{"echo", "/srv"}));
  EXPECT_EQ(at(12min, 0.5, 0.9), 2u);  // /var's episode ends
  EXPECT_EQ(at(13min, 0.9, 0.9), 2u);  // ...and a new one starts
  EXPECT_EQ(at(18min, 0.9, 0.9), 2u);  // held, but /var fired 13 minutes ago: cooldown
  EXPECT_EQ(at(66min, 0.9, 0.9), 3u);  // an hour after /var's run: the episode may fire
  auto recorded = engine->history().list("full", 1);
  EXPECT_EQ(recorded->front().trigger.type, TriggerType::condition);
  EXPECT_EQ(recorded->front().trigger.labels.find("mountpoint")->asString(), "/var");
}

TEST_F(TriggerSchedulerTest, AlertsStartPlaybooksWhoseLabelsTheyCarry) {
  use(R"(
name: on-disk
triggers:
  - alert: {alertname: DiskAlmostFull, severity: critical}
steps:
  - id: s
    action: exec
    with: {argv: [echo, "{{ trigger.labels.instance }}"]}
)");
  auto payload = [](std::string status, std::string severity, std::string fingerprint) {
    return R"({"version":"4","status":")" + status + R"(","alerts":[{"status":")" + status +
           R"(","labels":{"alertname":"DiskAlmostFull","severity":")" + severity +
           R"(","instance":"db1:9877"},"annotations":{},"startsAt":"2026-04-01T00:00:00Z","fingerprint":")" +
           fingerprint + R"("}]})";
  };
  auto fire = [&](const std::string& body) {
    auto alerts = parseAlertmanagerPayload(body);
    EXPECT_TRUE(alerts) << (alerts ? "" : alerts.error().message);
    return scheduler.onAlerts(*alerts).runIds.size();
  };
  EXPECT_EQ(fire(payload("firing", "warning", "a")), 0u);   // severity does not match
  EXPECT_EQ(fire(payload("resolved", "critical", "b")), 0u);  // resolved: nothing to do
  EXPECT_EQ(fire(payload("firing", "critical", "c")), 1u);
  EXPECT_EQ(fire(payload("firing", "critical", "c")), 0u);  // the same alert re-sent
  EXPECT_EQ(runs("on-disk"), 1u);
  EXPECT_EQ(processes.argvs()[0], (std::vector<std::string>{"echo", "db1:9877"}));
}

TEST(AlertmanagerPayloadTest, RefusesWhatIsNotAVersion4Payload) {
  EXPECT_EQ(parseAlertmanagerPayload("nope").error().message, "the body is not JSON");
  EXPECT_EQ(parseAlertmanagerPayload(R"({"version":"3","alerts":[]})").error().message,
            "unsupported webhook payload version \"3\" (Alertmanager sends \"4\")");
  EXPECT_EQ(parseAlertmanagerPayload(R"({"alerts":{}})").error().message, "alerts must be a list");
  EXPECT_EQ(parseAlertmanagerPayload(R"({"alerts":[{"status":"odd"}]})").error().message,
            "alerts[0].status must be firing or resolved");
  EXPECT_TRUE(parseAlertmanagerPayload(R"({"version":"4","alerts":[]})"));
}

}  // namespace
}  // namespace unyo::playbooks
