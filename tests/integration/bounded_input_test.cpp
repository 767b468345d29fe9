// Hostile inputs through the real binary: a megabyte of nested arrays (the
// parser recurses per level, so it once overflowed the stack), and an
// alert flood. Each is refused, and the agent keeps serving.

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "running_agent.h"

namespace unyo::testing {
namespace {

using nlohmann::json;

// printf %s TOKEN | sha256sum
constexpr const char* kTokens = R"(  api_tokens:
    - {name: ops, sha256: "2b2577f455616d63bbcb76676b219056860f972a5c38cc4fc33bec3f23e20561", role: operate}
    - {name: alertmanager, sha256: "d036bd6d01a1cae081d39a2f8dab751dc042de814fd60df31fcb553170950f29", role: alert}
)";
const std::string kOps = "Authorization: Bearer op-token";
const std::string kAlerter = "Authorization: Bearer viewer-token";

constexpr const char* kOnFlood = R"(name: on-flood
triggers:
  - alert: {alertname: Flood}
policy: {approval: required, approval_ttl: 1h}
steps:
  - id: s
    action: exec
    with: {argv: [echo, flood]}
)";

class BoundedInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    writeFile(playbooks_.path() / "on-flood.yaml", kOnFlood);
    agent_ = std::make_unique<RunningAgent>(std::string(kTokens) + "playbooks:\n  paths: [" +
                                            playbooks_.path().string() +
                                            "]\n  max_pending_runs: 50\n");
    ASSERT_TRUE(agent_->waitStarted()) << agent_->process().stderrText();
  }

  bool stillRunning() { return !agent_->process().waitExit(std::chrono::milliseconds(0)); }

  RawResponse post(const std::string& target, const std::string& body, const std::string& token) {
    auto reply = httpRequest(agent_->port(), "POST", target,
                             {token, "Content-Type: application/json"}, body);
    if (!reply) ADD_FAILURE() << "POST " << target << ": no response";
    return reply.value_or(RawResponse{});
  }

  void expectServesMetrics() {
    auto metrics = httpGet(agent_->port(), "/metrics");
    ASSERT_TRUE(metrics) << "no answer after the hostile request\n" << agent_->process().stderrText();
    EXPECT_EQ(metrics->status, 200);
    EXPECT_NE(metrics->body.find("unyo_agent_info"), std::string::npos);
  }

  std::size_t runCount() {
    auto runs = httpGet(agent_->port(), "/api/v1/runs?limit=5000", {kOps});
    EXPECT_TRUE(runs && runs->status == 200) << (runs ? runs->body : "no answer");
    if (!runs || runs->status != 200) return 0;
    return json::parse(runs->body)["runs"].size();
  }

  // Just under the 1 MiB body limit, so the server hands it to the API.
  static std::string nested(std::size_t room) { return std::string((1u << 20) - room, '['); }

  TempDir playbooks_;
  std::unique_ptr<RunningAgent> agent_;
};

TEST_F(BoundedInputTest, AMegabyteOfNestedArraysIs400AndTheAgentKeepsServing) {
  const auto inParams = post("/api/v1/playbooks/on-flood/runs",
                             R"({"params": {"x": )" + nested(64), kOps);
  EXPECT_EQ(inParams.status, 400) << inParams.body;
  expectServesMetrics();

  const auto inLabels = post("/api/v1/alerts",
                             R"({"version":"4","alerts":[{"status":"firing","labels":)" +
                                 nested(128),
                             kAlerter);
  EXPECT_EQ(inLabels.status, 400) << inLabels.body;
  expectServesMetrics();

  const auto whole = post("/api/v1/alerts", nested(0), kAlerter);
  EXPECT_EQ(whole.status, 400) << whole.body;
  expectServesMetrics();
  EXPECT_EQ(runCount(), 0u);
  EXPECT_TRUE(stillRunning()) << agent_->process().stderrText();
}

std::string alertFlood(int count) {
  json alerts = json::array();
  for (int i = 0; i < count; ++i) {
    alerts.push_back({{"status", "firing"},
                      {"labels", {{"alertname", "Flood"}, {"n", std::to_string(i)}}},
                      {"startsAt", "2026-04-01T00:00:00Z"},
                      {"fingerprint", "f" + std::to_string(i)}});
  }
  return json{{"version", "4"}, {"status", "firing"}, {"alerts", alerts}}.dump();
}

TEST_F(BoundedInputTest, AnAlertFloodStartsAtMostTheCapsAndTheAgentStaysUp) {
  // 5,000 alerts: over the 1,000 a payload may hold (and over 10,000 JSON
  // values), refused whole.
  const auto flood = post("/api/v1/alerts", alertFlood(5000), kAlerter);
  EXPECT_EQ(flood.status, 400) << flood.body;
  expectServesMetrics();
  EXPECT_EQ(runCount(), 0u);

  // 1,000 alerts are accepted, but no more runs wait than max_pending_runs (50):
  // 503 with Retry-After, so Alertmanager retries the rest later.
  const auto many = post("/api/v1/alerts", alertFlood(1000), kAlerter);
  EXPECT_EQ(many.status, 503) << many.body;
  EXPECT_FALSE(many.header("Retry-After").empty()) << many.head;
  expectServesMetrics();
  EXPECT_EQ(runCount(), 50u);
  EXPECT_TRUE(stillRunning()) << agent_->process().stderrText();
}

}  // namespace
}  // namespace unyo::testing
