// One truth for runs and labor, through the real binary: runs started over
// the API while the agent is killed (SIGKILL) or stopped (SIGTERM) at
// random moments; after every restart the run history, /metrics and
// `unyo report` agree run for run and yen for yen.

#include <gtest/gtest.h>
#include <signal.h>

#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "running_agent.h"

namespace unyo::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

// printf %s TOKEN | sha256sum
constexpr const char* kTokens = R"(  api_tokens:
    - {name: ops, sha256: "2b2577f455616d63bbcb76676b219056860f972a5c38cc4fc33bec3f23e20561", role: operate}
)";
const std::string kOps = "Authorization: Bearer op-token";

constexpr const char* kSlow = R"(name: slow
labor: {manual_minutes: 45}
steps:
  - id: nap
    action: exec
    with: {argv: [sleep, "30"]}
)";
constexpr const char* kQuick = R"(name: quick
labor: {manual_minutes: 12}
steps:
  - id: say
    action: exec
    with: {argv: [echo, hello]}
)";

struct Tally {
  int runs = 0;       // ran their steps: success, failure, timeout (not dry)
  int successes = 0;
  double minutes = 0;
  double yen = 0;
  std::map<std::string, int> byResult;  // every finished run, by status
};
using Tallies = std::map<std::string, Tally>;  // by playbook

std::string utcDate(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &tm);
  return text;
}

class LaborAgent {
 public:
  LaborAgent() {
    writeFile(dir_.path() / "playbooks" / "slow.yaml", kSlow);
    writeFile(dir_.path() / "playbooks" / "quick.yaml", kQuick);
    writeFile(config(), std::string(kTestIdentity) + "web:\n  listen_address: \"127.0.0.1:0\"\n" +
                            kTokens + "playbooks:\n  paths: [" +
                            (dir_.path() / "playbooks").string() +
                            "]\n  max_concurrent_runs: 4\n  timezone: UTC\nstate:\n  dir: " +
                            (dir_.path() / "state").string() +
                            "\nlabor:\n  hourly_rate: {jpy: 6000}\n");
  }
  std::filesystem::path config() const { return dir_.path() / "unyo.yaml"; }

  bool start() {
    process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{unyoBinary(), "run", "--config", config().string()},
        dir_.path());
    const auto port = waitForAgentPort(*process_);
    port_ = port.value_or(0);
    return port.has_value();
  }
  ChildProcess& process() { return *process_; }

  std::optional<std::string> submit(const std::string& playbook) {
    auto reply = httpRequest(port_, "POST", "/api/v1/playbooks/" + playbook + "/runs",
                             {kOps, "Content-Type: application/json"}, "{}");
    if (!reply || reply->status != 202) return std::nullopt;
    return json::parse(reply->body).value("run_id", "");
  }
  std::optional<std::string> status(const std::string& id) {
    auto reply = httpGet(port_, "/api/v1/runs/" + id, {kOps});
    if (!reply || reply->status != 200) return std::nullopt;
    return json::parse(reply->body).value("status", "");
  }

  // The history through the API: every run, by id.
  std::optional<json> runs() {
    auto reply = httpGet(port_, "/api/v1/runs?limit=5000", {kOps});
    if (!reply || reply->status != 200) return std::nullopt;
    return json::parse(reply->body)["runs"];
  }
  std::optional<std::string> metrics() {
    auto reply = httpGet(port_, "/metrics");
    if (!reply || reply->status != 200) return std::nullopt;
    return reply->body;
  }
  std::string reportCsv() {
    const std::time_t now = std::time(nullptr);
    ChildProcess child({unyoBinary(), "--config", config().string(), "report", "--format", "csv",
                        "--lang", "en", "--from", utcDate(now - 86400), "--to", utcDate(now)},
                       dir_.path());
    const auto code = child.waitExit(30s);
    EXPECT_EQ(code.value_or(-1), 0) << child.stderrText();
    return child.stdoutText();
  }

 private:
  TempDir dir_;
  std::unique_ptr<ChildProcess> process_;
  int port_ = 0;
};

Tallies fromHistory(const json& runs) {
  Tallies tallies;
  for (const auto& run : runs) {
    Tally& t = tallies[run["playbook"].get<std::string>()];
    const std::string status = run["status"];
    t.byResult[status] += 1;
    if ((status == "success" || status == "failure" || status == "timeout") &&
        !run["dry_run"].get<bool>()) {
      t.runs += 1;
      if (status == "success") t.successes += 1;
    }
    t.minutes += run["labor_minutes"].get<double>();
    t.yen += run["labor_yen"].get<double>();
  }
  return tallies;
}

Tallies fromMetrics(const std::string& exposition) {
  static const std::regex kRuns(
      R"re(^unyo_playbook_runs_total\{playbook="([^"]+)",result="([^"]+)",trigger="[^"]+"\} (\S+)$)re");
  static const std::regex kLabor(
      R"re(^unyo_labor_saved_(minutes|yen)_total\{playbook="([^"]+)",trigger="[^"]+"\} (\S+)$)re");
  Tallies tallies;
  std::istringstream lines(exposition);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_match(line, m, kRuns)) {
      Tally& t = tallies[m[1]];
      const int count = static_cast<int>(std::stod(m[3]));
      t.byResult[m[2]] += count;
      if (m[2] == "success" || m[2] == "failure" || m[2] == "timeout") t.runs += count;
      if (m[2] == "success") t.successes += count;
    } else if (std::regex_match(line, m, kLabor)) {
      // Summed over the triggers: the history's labor_minutes is per run,
      // whoever started it.
      (m[1] == "minutes" ? tallies[m[2]].minutes : tallies[m[2]].yen) += std::stod(m[3]);
    }
  }
  return tallies;
}

// labor,PLAYBOOK,RUNS,SUCCESSES,MINUTES,YEN,FAILED,CREDITED,ASSISTED_CREDITED,
// ASSISTED_MINUTES,ASSISTED_YEN,... rows of the CSV report: labor summed over
// automated and assisted runs, as the history has it per run.
Tallies fromReport(const std::string& csv) {
  Tallies tallies;
  std::istringstream lines(csv);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("labor,", 0) != 0) continue;
    std::vector<std::string> fields;
    std::istringstream cells(line);
    for (std::string cell; std::getline(cells, cell, ',');) fields.push_back(cell);
    if (fields.size() < 11) continue;
    Tally& t = tallies[fields[1]];
    t.runs = std::stoi(fields[2]);
    t.successes = std::stoi(fields[3]);
    t.minutes = std::stod(fields[4]) + std::stod(fields[9]);
    t.yen = std::stod(fields[5]) + std::stod(fields[10]);
  }
  return tallies;
}

TEST(LaborTruth, HistoryMetricsAndReportAgreeThroughKillsAndStops) {
  unsigned seed = static_cast<unsigned>(std::random_device{}());
  if (const char* fixed = std::getenv("UNYO_LABOR_SEED")) seed = static_cast<unsigned>(std::stoul(fixed));
  std::printf("labor truth seed: %u (UNYO_LABOR_SEED=%u repeats it)\n", seed, seed);
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 random(seed);

  LaborAgent agent;
  ASSERT_TRUE(agent.start()) << agent.process().stderrText();
  std::set<std::string> started;
  for (int round = 0; round < 20; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const bool slow = random() % 2 == 0;
    auto id = agent.submit(slow ? "slow" : "quick");
    ASSERT_TRUE(id) << agent.process().stderrText();
    started.insert(*id);
    if (random() % 2 == 0) started.insert(agent.submit("quick").value_or(""));
    started.erase("");
    // The moment: at once, once the first run is running or over, or a
    // random instant up to 300 ms later.
    switch (random() % 3) {
      case 0:
        break;
      case 1:
        waitUntil([&] { return agent.status(*id).value_or("queued") != "queued"; }, 10s);
        break;
      default:
        std::this_thread::sleep_for(std::chrono::milliseconds(random() % 300));
    }
    const bool kill = random() % 2 == 0;
    agent.process().signal(kill ? SIGKILL : SIGTERM);
    const auto code = agent.process().waitExit(10s);
    ASSERT_TRUE(code) << "the agent did not exit";
    if (!kill) {
      ASSERT_EQ(*code, 0) << agent.process().stderrText();
    }
    ASSERT_TRUE(agent.start()) << agent.process().stderrText();

    auto runs = agent.runs();
    auto exposition = agent.metrics();
    ASSERT_TRUE(runs && exposition);
    std::set<std::string> ids;
    for (const auto& run : *runs) {
      ids.insert(run["id"].get<std::string>());
      const std::string status = run["status"];
      EXPECT_TRUE(status != "pending" && status != "queued" && status != "running")
          << run.dump();
    }
    EXPECT_EQ(ids, started);
    const Tallies history = fromHistory(*runs);
    const Tallies metrics = fromMetrics(*exposition);
    const Tallies report = fromReport(agent.reportCsv());
    for (const auto& [playbook, h] : history) {
      SCOPED_TRACE(playbook);
      ASSERT_TRUE(metrics.contains(playbook));
      const Tally& m = metrics.at(playbook);
      EXPECT_EQ(m.byResult, h.byResult);
      EXPECT_DOUBLE_EQ(m.minutes, h.minutes);
      EXPECT_DOUBLE_EQ(m.yen, h.yen);
      const Tally r = report.contains(playbook) ? report.at(playbook) : Tally{};
      EXPECT_EQ(r.runs, h.runs);
      EXPECT_EQ(r.successes, h.successes);
      EXPECT_NEAR(r.minutes, h.minutes, 0.01);
      EXPECT_EQ(r.yen, std::round(h.yen));
    }
    if (::testing::Test::HasFailure()) break;
  }
  agent.process().signal(SIGTERM);
  EXPECT_TRUE(agent.process().waitExit(10s));
}

}  // namespace
}  // namespace unyo::testing
