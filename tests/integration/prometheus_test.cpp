// A real Prometheus server (Debian's prometheus package) scrapes the real
// agent every second; the test asks Prometheus, not unyo, what it saw.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <filesystem>
#include <fstream>
#include <regex>

#include "running_agent.h"

namespace unyo::testing {
namespace {

using namespace std::chrono_literals;

double memTotalFromProc() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  double kib = 0;
  while (meminfo >> key >> kib) {
    if (key == "MemTotal:") return kib * 1024;
    meminfo.ignore(256, '\n');
  }
  return 0;
}

// Prices as the demo's: USD at an accounting rate, a monthly baseline.
const char* kCostSection = R"(collectors:
  interval: 1s
cost:
  fx: {usd_jpy: 150}
  compute: {instance_type: m6i.xlarge, price_per_hour: {usd: 0.248}}
  fixed:
    - {name: app-license, price_per_month: {jpy: 73000}}
  baseline: {source: "vendor estimate 2025-04", monthly: {jpy: 350000}}
)";

TEST(PrometheusTest, ARealPrometheusScrapesTheAgent) {
  RunningAgent agent(kCostSection);
  ASSERT_TRUE(agent.waitStarted()) << agent.process().stderrText();

  const int promPort = freeTcpPort();
  const auto promDir = agent.dir().path() / "prometheus";
  writeFile(promDir / "prometheus.yml",
            "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
            "scrape_configs:\n  - job_name: unyo\n    static_configs:\n"
            "      - targets: ['127.0.0.1:" + std::to_string(agent.port()) + "']\n");
  ChildProcess prometheus({PROMETHEUS_PATH, "--config.file=" + (promDir / "prometheus.yml").string(),
                           "--storage.tsdb.path=" + (promDir / "data").string(),
                           "--web.listen-address=127.0.0.1:" + std::to_string(promPort)},
                          promDir);

  ASSERT_TRUE(waitUntil([&] { return instantQuery(promPort, "up{job=\"unyo\"}") == 1.0; }, 60s))
      << "Prometheus never saw the agent up\n"
      << prometheus.stderrText();

  ASSERT_TRUE(waitUntil(
      [&] { return instantQuery(promPort, "node_memory_MemTotal_bytes").has_value(); }, 30s));
  EXPECT_EQ(instantQuery(promPort, "node_memory_MemTotal_bytes"), memTotalFromProc());
  EXPECT_EQ(instantQuery(promPort, "count(unyo_agent_info{lg_code=\"131016\"})"), 1.0);
  // The cost model, as Prometheus sees it: 0.248 USD x 150 = 37.2 yen an
  // hour, and the counter grows at that rate.
  EXPECT_EQ(instantQuery(promPort, "unyo_cost_yen_per_hour{component=\"compute\"}"), 37.2);
  EXPECT_EQ(instantQuery(promPort, "unyo_cost_baseline_yen_per_month{component=\"total\"}"),
            350000.0);
  const std::string computeRate = "rate(unyo_cost_yen_total{component=\"compute\"}[15s]) * 3600";
  // Once the series is older than the window, rate() is no longer diluted
  // by the time before its first sample.
  ASSERT_TRUE(waitUntil(
      [&] {
        return instantQuery(promPort, "count_over_time(unyo_cost_yen_total{component=\"compute\"}[20s])")
                   .value_or(0) >= 18;
      },
      60s));
  EXPECT_NEAR(instantQuery(promPort, computeRate).value_or(0), 37.2, 37.2 * 0.1);
  const std::string fixedRate = "rate(unyo_cost_yen_total{component=\"fixed\"}[15s]) * 730 * 3600";
  EXPECT_NEAR(instantQuery(promPort, fixedRate).value_or(0), 73000, 73000 * 0.1);
  // No scrape failed on the way: Prometheus' own view of the target.
  EXPECT_EQ(instantQuery(promPort, "min_over_time(up{job=\"unyo\"}[1m])"), 1.0);
}

// The fleet rules shipped in packaging/prometheus: valid for promtool, their
// own unit tests pass, and every metric they read is one the agent
// documents (a renamed metric would otherwise silence an alert).
TEST(PrometheusTest, TheShippedRulesPassPromtoolAndReadDocumentedMetrics) {
  const std::filesystem::path rules = UNYO_SOURCE_DIR "/packaging/prometheus";
  TempDir work;
  const auto run = [&](const std::string& args) {
    const auto out = work.path() / "promtool.txt";
    const std::string command = std::string("cd ") + rules.string() + " && " + PROMTOOL_PATH +
                                " " + args + " > " + out.string() + " 2>&1";
    const int status = std::system(command.c_str());
    return std::make_pair(status, readFile(out));
  };
  const auto [checkStatus, checkOut] = run("check rules unyo-rules.yml");
  EXPECT_EQ(checkStatus, 0) << checkOut;
  const auto [testStatus, testOut] = run("test rules unyo-rules.test.yml");
  EXPECT_EQ(testStatus, 0) << testOut;

  const std::string metricsDoc = readFile(UNYO_SOURCE_DIR "/docs/metrics.md");
  const std::string ruleText = readFile(rules / "unyo-rules.yml");
  static const std::regex kMetric(R"((^|[^:\w])(unyo_[a-z_]+))");
  int names = 0;
  for (std::sregex_iterator it(ruleText.begin(), ruleText.end(), kMetric), end; it != end; ++it) {
    const std::string name = (*it)[2];
    ++names;
    EXPECT_NE(metricsDoc.find("`" + name + "`"), std::string::npos)
        << name << " is read by the rules but not documented in docs/metrics.md";
  }
  EXPECT_GT(names, 5);
}

}  // namespace
}  // namespace unyo::testing
