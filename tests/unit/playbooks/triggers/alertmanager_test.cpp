// Alertmanager's webhook payload: what is read from it, what is refused,
// and how its alerts become run requests (once per alert instance).

#include "playbooks/triggers/alertmanager.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "playbooks/triggers/trigger_scheduler.h"
#include "unit/playbooks/engine/engine_test_support.h"

namespace unyo::playbooks {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using testing::EngineFixture;
using testing::FakeProcessRunner;

// One alert as Alertmanager sends it; `fingerprint` null leaves it out.
json alert(std::string status, json labels, std::string startsAt = "2026-04-01T00:00:00Z",
           json fingerprint = "f1") {
  json a = {{"status", std::move(status)},
            {"labels", std::move(labels)},
            {"annotations", {{"summary", "disk almost full"}}},
            {"startsAt", std::move(startsAt)},
            {"endsAt", "0001-01-01T00:00:00Z"},
            {"generatorURL", "http://prometheus:9090/graph"}};
  if (!fingerprint.is_null()) a["fingerprint"] = std::move(fingerprint);
  return a;
}

std::string payload(std::string status, json alerts) {
  return json{{"version", "4"},
              {"groupKey", "{}:{alertname=\"DiskAlmostFull\"}"},
              {"truncatedAlerts", 0},
              {"status", std::move(status)},
              {"receiver", "unyo"},
              {"groupLabels", {{"alertname", "DiskAlmostFull"}}},
              {"commonLabels", {{"alertname", "DiskAlmostFull"}}},
              {"commonAnnotations", json::object()},
              {"externalURL", "http://alertmanager:9093"},
              {"alerts", std::move(alerts)}}
      .dump();
}

const json kDiskLabels = {
    {"alertname", "DiskAlmostFull"}, {"severity", "critical"}, {"mountpoint", "/var"}};

// The parsed alerts, failing the test when the payload is refused.
std::vector<Alert> parsed(std::string_view body) {
  auto alerts = parseAlertmanagerPayload(body);
  EXPECT_TRUE(alerts) << (alerts ? "" : alerts.error().message) << "\n" << body;
  return alerts ? *alerts : std::vector<Alert>{};
}

// The error a refused payload gets, failing the test when it is accepted.
std::string refusal(std::string_view body) {
  Expected<std::vector<Alert>> alerts = fail("not parsed");
  EXPECT_NO_THROW(alerts = parseAlertmanagerPayload(body)) << body;
  EXPECT_FALSE(alerts) << "accepted: " << body;
  return alerts ? "" : alerts.error().message;
}

TEST(AlertmanagerPayloadTest, ReadsEveryAlertOfAVersion4Payload) {
  const auto alerts =
      parsed(payload("firing", {alert("firing", kDiskLabels, "2026-04-01T00:00:00Z", "aaa"),
                                alert("resolved", {{"alertname", "HostDown"}},
                                      "2026-04-01T01:00:00Z", "bbb")}));
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_TRUE(alerts[0].firing);
  EXPECT_EQ(alerts[0].labels, (std::map<std::string, std::string>{
                                  {"alertname", "DiskAlmostFull"},
                                  {"mountpoint", "/var"},
                                  {"severity", "critical"}}));
  EXPECT_EQ(alerts[0].annotations,
            (std::map<std::string, std::string>{{"summary", "disk almost full"}}));
  EXPECT_EQ(alerts[0].startsAt, "2026-04-01T00:00:00Z");
  EXPECT_EQ(alerts[0].fingerprint, "aaa");
  EXPECT_FALSE(alerts[1].firing);
  EXPECT_EQ(alerts[1].labels.at("alertname"), "HostDown");
  EXPECT_EQ(alerts[1].fingerprint, "bbb");
}

TEST(AlertmanagerPayloadTest, EachAlertsOwnStatusDecidesFiringOrResolved) {
  // A group that is firing as a whole can carry resolved members, and the
  // other way round.
  auto alerts = parsed(payload("firing", {alert("resolved", kDiskLabels)}));
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_FALSE(alerts[0].firing);
  alerts = parsed(payload("resolved", {alert("firing", kDiskLabels)}));
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_TRUE(alerts[0].firing);
}

TEST(AlertmanagerPayloadTest, AnAlertWithoutStatusTakesTheGroupsStatus) {
  json withoutStatus = alert("firing", kDiskLabels);
  withoutStatus.erase("status");
  auto alerts = parsed(payload("firing", {withoutStatus}));
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_TRUE(alerts[0].firing);
  alerts = parsed(payload("resolved", {withoutStatus}));
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_FALSE(alerts[0].firing);
}

TEST(AlertmanagerPayloadTest, AcceptsAMinimalPayloadAndNoAlerts) {
  EXPECT_TRUE(parsed(R"({"alerts":[]})").empty());
  EXPECT_TRUE(parsed(R"({"version":"4","status":"resolved","alerts":[]})").empty());
  const auto alerts = parsed(R"({"alerts":[{"status":"firing"}]})");
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_TRUE(alerts[0].labels.empty());
  EXPECT_TRUE(alerts[0].annotations.empty());
}

TEST(AlertmanagerPayloadTest, WithoutAFingerprintTheLabelsIdentifyTheAlert) {
  const json a = alert("firing", kDiskLabels, "2026-04-01T00:00:00Z", nullptr);
  json reordered = json::object();  // the same labels, sent in another order
  reordered["severity"] = "critical";
  reordered["mountpoint"] = "/var";
  reordered["alertname"] = "DiskAlmostFull";
  const json b = alert("firing", reordered, "2026-04-01T00:00:00Z", nullptr);
  json otherLabels = kDiskLabels;
  otherLabels["mountpoint"] = "/home";
  const json c = alert("firing", otherLabels, "2026-04-01T00:00:00Z", nullptr);
  const auto alerts = parsed(payload("firing", {a, b, c}));
  ASSERT_EQ(alerts.size(), 3u);
  EXPECT_FALSE(alerts[0].fingerprint.empty());
  EXPECT_EQ(alerts[0].identity(), alerts[1].identity());
  EXPECT_NE(alerts[0].identity(), alerts[2].identity());
}

TEST(AlertmanagerPayloadTest, TheSameAlertStartedAgainIsAnotherInstance) {
  const auto alerts =
      parsed(payload("firing", {alert("firing", kDiskLabels, "2026-04-01T00:00:00Z", "f1"),
                                alert("firing", kDiskLabels, "2026-04-01T00:00:00Z", "f1"),
                                alert("firing", kDiskLabels, "2026-04-02T00:00:00Z", "f1"),
                                alert("firing", kDiskLabels, "2026-04-01T00:00:00Z", "f2")}));
  ASSERT_EQ(alerts.size(), 4u);
  EXPECT_EQ(alerts[0].identity(), alerts[1].identity());
  EXPECT_NE(alerts[0].identity(), alerts[2].identity());  // resolved and fired again
  EXPECT_NE(alerts[0].identity(), alerts[3].identity());  // another alert
}

TEST(AlertmanagerPayloadTest, RefusesMalformedBodiesSayingWhatIsWrong) {
  EXPECT_EQ(refusal(""), "the body is not JSON");
  EXPECT_EQ(refusal("{\"alerts\": ["), "the body is not JSON");
  EXPECT_EQ(refusal("[]"), "the body must be a JSON object");
  EXPECT_EQ(refusal("\"alerts\""), "the body must be a JSON object");
  EXPECT_EQ(refusal(R"({"version":"4"})"), "alerts must be a list");
  EXPECT_EQ(refusal(R"({"alerts":null})"), "alerts must be a list");
  EXPECT_EQ(refusal(R"({"alerts":3})"), "alerts must be a list");
  EXPECT_EQ(refusal(R"({"version":4,"alerts":[]})"),
            "unsupported webhook payload version 4 (Alertmanager sends \"4\")");
  EXPECT_EQ(refusal(R"({"alerts":[{"status":"firing"}, 7]})"), "alerts[1] must be an object");
  EXPECT_EQ(refusal(R"({"alerts":[{}]})"), "alerts[0].status must be firing or resolved");
  EXPECT_EQ(refusal(R"({"alerts":[{"status":"FIRING"}]})"),
            "alerts[0].status must be firing or resolved");
  EXPECT_EQ(refusal(R"({"alerts":[{"status":"firing","labels":["a"]}]})"),
            "alerts[0].labels must be an object");
  EXPECT_EQ(refusal(R"({"alerts":[{"status":"firing","labels":{"severity":3}}]})"),
            "alerts[0].labels.severity must be a string");
  EXPECT_EQ(refusal(R"({"alerts":[{"status":"firing","annotations":{"summary":null}}]})"),
            "alerts[0].annotations.summary must be a string");
}

TEST(AlertmanagerPayloadTest, AStatusThatIsNotAStringIsAnErrorNotAnException) {
  EXPECT_EQ(refusal(R"({"alerts":[{"status":3}]})"),
            "alerts[0].status must be firing or resolved");
  EXPECT_EQ(refusal(R"({"status":true,"alerts":[{"labels":{}}]})"),
            "alerts[0].status must be firing or resolved");
}

// From alerts to run requests, through the trigger scheduler and a real
// engine with fake processes.
class AlertRunsTest : public EngineFixture {
 protected:
  AlertRunsTest() { processes.onPrefix({"echo"}, FakeProcessRunner::exited(0)); }

  void use(const std::vector<std::string>& yamls) {
    loadAll(yamls);
    scheduler.setPlaybooks(engine->playbooks());
  }

  TriggerScheduler::AlertOutcome post(const std::string& body) {
    return scheduler.onAlerts(parsed(body));
  }

  // Waits for the runs to finish; the runs of `playbook`, newest first.
  std::vector<RunRecord> runsOf(const std::string& playbook) {
    EXPECT_TRUE(runUntil([&] { return engine->activeRuns().empty(); }));
    auto list = engine->history().list(playbook, 0);
    EXPECT_TRUE(list) << (list ? "" : list.error().message);
    return list ? *list : std::vector<RunRecord>{};
  }

  TriggerScheduler scheduler{system, *engine};
};

const char* kOnDisk = R"(
name: on-disk
triggers:
  - alert: {alertname: DiskAlmostFull, severity: critical}
steps:
  - id: s
    action: exec
    with: {argv: [echo, "{{ trigger.labels.mountpoint }}"]}
)";

TEST_F(AlertRunsTest, AFiringAlertCarryingTheTriggersLabelsStartsARunWithThemAll) {
  use({kOnDisk});
  const auto outcome = post(payload("firing", {alert("firing", kDiskLabels)}));
  ASSERT_EQ(outcome.runIds.size(), 1u);
  EXPECT_TRUE(outcome.errors.empty());
  const auto runs = runsOf("on-disk");
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].id, outcome.runIds[0]);
  EXPECT_EQ(runs[0].status, RunStatus::success);
  EXPECT_EQ(runs[0].trigger.type, TriggerType::alert);
  EXPECT_EQ(runs[0].trigger.requestedBy, "alertmanager");
  EXPECT_FALSE(runs[0].dryRun);
  ASSERT_TRUE(runs[0].trigger.labels.find("mountpoint"));
  EXPECT_EQ(runs[0].trigger.labels.find("mountpoint")->asString(), "/var");
  EXPECT_EQ(runs[0].trigger.labels.find("alertname")->asString(), "DiskAlmostFull");
  EXPECT_EQ(runs[0].trigger.labels.find("severity")->asString(), "critical");
  EXPECT_EQ(processes.argvs(), (std::vector<std::vector<std::string>>{{"echo", "/var"}}));
}

TEST_F(AlertRunsTest, AlertsMissingALabelOrWithAnotherValueStartNothing) {
  use({kOnDisk});
  json missing = kDiskLabels;
  missing.erase("severity");
  json other = kDiskLabels;
  other["severity"] = "warning";
  json otherName = kDiskLabels;
  otherName["alertname"] = "DiskAlmostFul";
  const auto outcome =
      post(payload("firing", {alert("firing", missing, "2026-04-01T00:00:00Z", "a"),
                              alert("firing", other, "2026-04-01T00:00:00Z", "b"),
                              alert("firing", otherName, "2026-04-01T00:00:00Z", "c")}));
  EXPECT_TRUE(outcome.runIds.empty());
  EXPECT_TRUE(outcome.errors.empty());
  EXPECT_TRUE(runsOf("on-disk").empty());
}

TEST_F(AlertRunsTest, ResolvedAlertsStartNothing) {
  use({kOnDisk});
  const auto outcome = post(payload("resolved", {alert("resolved", kDiskLabels)}));
  EXPECT_TRUE(outcome.runIds.empty());
  EXPECT_TRUE(runsOf("on-disk").empty());
  // Resolving does not use up the instance: when it fires it runs.
  EXPECT_EQ(post(payload("firing", {alert("firing", kDiskLabels)})).runIds.size(), 1u);
  EXPECT_EQ(runsOf("on-disk").size(), 1u);
}

TEST_F(AlertRunsTest, AnAlertInstanceRunsOnceHoweverOftenItIsSent) {
  use({kOnDisk});
  EXPECT_EQ(post(payload("firing", {alert("firing", kDiskLabels)})).runIds.size(), 1u);
  // Alertmanager's repeat_interval, and the same alert twice in one payload.
  EXPECT_EQ(post(payload("firing", {alert("firing", kDiskLabels)})).runIds.size(), 0u);
  EXPECT_EQ(post(payload("firing", {alert("firing", kDiskLabels, "2026-04-01T00:05:00Z", "g"),
                                    alert("firing", kDiskLabels, "2026-04-01T00:05:00Z", "g")}))
                .runIds.size(),
            1u);
  // The same alert resolved and firing again is a new instance.
  EXPECT_EQ(post(payload("firing", {alert("firing", kDiskLabels, "2026-04-02T00:00:00Z")}))
                .runIds.size(),
            1u);
  EXPECT_EQ(runsOf("on-disk").size(), 3u);
}

TEST_F(AlertRunsTest, AnAlertInstanceIsRememberedForADay) {
  use({kOnDisk});
  EXPECT_EQ(post(payload("firing", {alert("firing", kDiskLabels)})).runIds.size(), 1u);
  clock.advance(23h);
  EXPECT_EQ(post(payload("firing", {alert("firing", kDiskLabels)})).runIds.size(), 0u);
  clock.advance(1h + 1s);
  EXPECT_EQ(post(payload("firing", {alert("firing", kDiskLabels)})).runIds.size(), 1u);
  EXPECT_EQ(runsOf("on-disk").size(), 2u);
}

TEST_F(AlertRunsTest, DistinctAlertsInOnePayloadRunOnceEach) {
  use({kOnDisk});
  json home = kDiskLabels;
  home["mountpoint"] = "/home";
  const auto outcome =
      post(payload("firing", {alert("firing", kDiskLabels, "2026-04-01T00:00:00Z", "var"),
                              alert("firing", home, "2026-04-01T00:00:00Z", "home")}));
  EXPECT_EQ(outcome.runIds.size(), 2u);
  std::vector<std::string> mountpoints;
  for (const RunRecord& run : runsOf("on-disk")) {
    const Value* mountpoint = run.trigger.labels.find("mountpoint");
    ASSERT_TRUE(mountpoint);
    mountpoints.push_back(mountpoint->asString());
  }
  std::sort(mountpoints.begin(), mountpoints.end());
  EXPECT_EQ(mountpoints, (std::vector<std::string>{"/home", "/var"}));
}

TEST_F(AlertRunsTest, EachMatchingPlaybookRunsOnceEvenWithSeveralMatchingTriggers) {
  use({kOnDisk, R"(
name: cleanup
triggers:
  - alert: {alertname: DiskAlmostFull}
  - alert: {alertname: DiskAlmostFull, mountpoint: /var}
steps:
  - id: s
    action: exec
    with: {argv: [echo, cleanup]}
)",
       R"(
name: unrelated
triggers:
  - alert: {alertname: HostDown}
steps:
  - id: s
    action: exec
    with: {argv: [echo, unrelated]}
)"});
  const auto outcome = post(payload("firing", {alert("firing", kDiskLabels)}));
  EXPECT_EQ(outcome.runIds.size(), 2u);
  EXPECT_EQ(runsOf("on-disk").size(), 1u);
  EXPECT_EQ(runsOf("cleanup").size(), 1u);
  EXPECT_TRUE(runsOf("unrelated").empty());
  // The same instance again: neither playbook runs again.
  EXPECT_TRUE(post(payload("firing", {alert("firing", kDiskLabels)})).runIds.empty());
}

TEST_F(AlertRunsTest, ARefusedRunIsReportedAndTheAlertMayBeRetried) {
  use({kOnDisk});
  engine->setPlaybooks({});  // the engine no longer knows the playbook the trigger names
  auto outcome = post(payload("firing", {alert("firing", kDiskLabels)}));
  EXPECT_TRUE(outcome.runIds.empty());
  ASSERT_EQ(outcome.errors.size(), 1u);
  EXPECT_EQ(outcome.errors[0].rfind("on-disk: ", 0), 0u) << outcome.errors[0];
  // Alertmanager's retry of the same alert starts it once the engine accepts.
  load(kOnDisk);
  outcome = post(payload("firing", {alert("firing", kDiskLabels)}));
  EXPECT_EQ(outcome.runIds.size(), 1u);
  EXPECT_TRUE(outcome.errors.empty());
  EXPECT_EQ(runsOf("on-disk").size(), 1u);
}

TEST(AlertmanagerPayloadTest, DeeplyNestedPayloadsAreRefusedBeforeParsing) {
  const std::string deep(1 << 20, '[');
  EXPECT_NE(refusal(deep).find("deeper than 32"), std::string::npos);
  const std::string inLabels = R"({"alerts":[{"status":"firing","labels":)" + deep;
  EXPECT_NE(refusal(inLabels).find("deeper than 32"), std::string::npos);
  std::string wide = R"({"alerts":[{"status":"firing","annotations":{"a":[)";
  for (int i = 0; i < 10'001; ++i) wide += i ? ",1" : "1";
  EXPECT_NE(refusal(wide + "]}}]}").find("more than 10000 values"), std::string::npos);
}

TEST(AlertmanagerPayloadTest, AtMostAThousandAlertsInOnePayload) {
  json alerts = json::array();
  for (int i = 0; i < 1000; ++i) {
    alerts.push_back({{"status", "firing"}, {"labels", json::object()}});
  }
  EXPECT_EQ(parsed(payload("firing", alerts)).size(), 1000u);
  alerts.push_back({{"status", "firing"}});
  EXPECT_NE(refusal(payload("firing", alerts)).find("more than 1000 alerts"), std::string::npos);
}

class BoundedAlertMemoryTest : public AlertRunsTest {
 protected:
  TriggerScheduler small{system, *engine, /*maxSeenAlerts=*/3};
};

TEST_F(BoundedAlertMemoryTest, TheOldestRememberedAlertIsForgottenFirst) {
  loadAll({kOnDisk});
  small.setPlaybooks(engine->playbooks());
  auto send = [&](const std::string& fingerprint) {
    return small.onAlerts(parsed(payload("firing", {alert("firing", kDiskLabels,
                                                          "2026-04-01T00:00:00Z", fingerprint)})))
        .runIds.size();
  };
  for (const char* f : {"a", "b", "c"}) {
    EXPECT_EQ(send(f), 1u) << f;
    clock.advance(1s);
  }
  EXPECT_EQ(small.seenAlertCount(), 3u);
  EXPECT_EQ(send("d"), 1u);  // pushes out "a"
  EXPECT_EQ(small.seenAlertCount(), 3u);
  EXPECT_EQ(send("b"), 0u);  // still remembered
  EXPECT_EQ(send("a"), 1u);  // forgotten, so it starts again
  EXPECT_EQ(small.seenAlertCount(), 3u);
}

}  // namespace
}  // namespace unyo::playbooks
