// The real `unyo run`: HTTP endpoints, gzip, signals, reload and connection
// limits, from the outside.

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cmath>

#include "running_agent.h"

namespace unyo::testing {
namespace {

using namespace std::chrono_literals;

TEST(DaemonTest, ServesMetricsHealthReadinessAndStatusPage) {
  RunningAgent agent;
  ASSERT_TRUE(agent.waitStarted()) << agent.process().stderrText();

  auto metrics = httpGet(agent.port(), "/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  EXPECT_EQ(metrics->header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(metrics->body.find("node_cpu_seconds_total{"), std::string::npos);
  EXPECT_NE(metrics->body.find("node_memory_MemTotal_bytes "), std::string::npos);
  EXPECT_NE(metrics->body.find("unyo_collector_success{collector=\"cpu\"} 1"), std::string::npos);
  EXPECT_NE(metrics->body.find("unyo_agent_info{csp=\"aws\",environment=\"staging\","
                               "lg_code=\"131016\",prefecture=\"13\",system=\"resident_registry\","
                               "vendor=\"Test Vendor\",version=\""),
            std::string::npos);
  EXPECT_GT(metricValue(metrics->body, "process_resident_memory_bytes"), 0);
  EXPECT_EQ(metricValue(metrics->body, "unyo_config_last_reload_successful"), 1);

  auto health = httpGet(agent.port(), "/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_TRUE(waitUntil(
      [&] {
        auto ready = httpGet(agent.port(), "/readyz");
        return ready && ready->status == 200;
      },
      10s));

  auto page = httpGet(agent.port(), "/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(page->body.find("131016"), std::string::npos);
  EXPECT_NE(page->body.find("住民基本台帳"), std::string::npos);

  auto missing = httpGet(agent.port(), "/nope");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

TEST(DaemonTest, LiveMetricsPassPromtool) {
  RunningAgent agent;
  ASSERT_TRUE(agent.waitStarted()) << agent.process().stderrText();
  auto metrics = httpGet(agent.port(), "/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(promtoolProblems(metrics->body, agent.dir().path()), "");
}

TEST(DaemonTest, CompressesWhenTheClientAcceptsGzip) {
  RunningAgent agent;
  ASSERT_TRUE(agent.waitStarted()) << agent.process().stderrText();
  auto zipped = httpGet(agent.port(), "/metrics", {"Accept-Encoding: gzip"});
  ASSERT_TRUE(zipped);
  EXPECT_EQ(zipped->status, 200);
  EXPECT_EQ(zipped->header("content-encoding"), "gzip");
  const auto inflated = gunzip(zipped->body);
  ASSERT_TRUE(inflated) << "not a gzip stream: " << zipped->body.size() << " bytes";
  const std::string& text = *inflated;
  EXPECT_NE(text.find("node_cpu_seconds_total"), std::string::npos);
  EXPECT_LT(zipped->body.size(), text.size());

  auto plain = httpGet(agent.port(), "/metrics", {"Accept-Encoding: gzip;q=0"});
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->header("content-encoding"), "");
}

class SignalTest : public ::testing::TestWithParam<int> {};

TEST_P(SignalTest, StopsGracefullyWithExitZeroWithinTwoSeconds) {
  RunningAgent agent;
  ASSERT_TRUE(agent.waitStarted()) << agent.process().stderrText();
  RawConnection idle(agent.port());  // an open connection must not hold it up
  ASSERT_TRUE(idle.connected());
  agent.process().signal(GetParam());
  EXPECT_EQ(agent.process().waitExit(2s), 0) << agent.process().stderrText();
  EXPECT_NE(agent.process().stderrText().find("msg=\"unyo stopped\""), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(TermAndInt, SignalTest, ::testing::Values(SIGTERM, SIGINT));

TEST(DaemonTest, SighupAppliesAValidNewConfig) {
  RunningAgent agent;
  ASSERT_TRUE(agent.waitStarted()) << agent.process().stderrText();
  std::string text = readFile(agent.configPath());
  text.replace(text.find("environment: staging"), 20, "environment: production");
  agent.rewriteConfig(text);
  agent.process().signal(SIGHUP);
  EXPECT_TRUE(waitUntil(
      [&] {
        auto metrics = httpGet(agent.port(), "/metrics");
        return metrics && metrics->body.find("environment=\"production\"") != std::string::npos;
      },
      10s))
      << agent.process().stderrText();
  auto metrics = httpGet(agent.port(), "/metrics");
  ASSERT_TRUE(metrics) << "no response";
  EXPECT_EQ(metricValue(metrics->body, "unyo_config_last_reload_successful"), 1);
}

TEST(DaemonTest, SighupAppliesNewCollectorSettings) {
  RunningAgent agent;
  ASSERT_TRUE(agent.waitStarted()) << agent.process().stderrText();
  auto before = httpGet(agent.port(), "/metrics");
  ASSERT_TRUE(before) << "no response";
  ASSERT_NE(before->body.find("node_load1 "), std::string::npos);
  agent.rewriteConfig(readFile(agent.configPath()) +
                      "collectors:\n  disabled: [loadavg]\n  min_interval: 0s\n");
  agent.process().signal(SIGHUP);
  EXPECT_TRUE(waitUntil(
      [&] {
        auto metrics = httpGet(agent.port(), "/metrics");
        return metrics && metrics->body.find("node_load1 ") == std::string::npos &&
               metrics->body.find("unyo_collector_success{collector=\"loadavg\"}") ==
                   std::string::npos;
      },
      10s))
      << agent.process().stderrText();
}

TEST(DaemonTest, LogsAsJsonWhenAsked) {
  RunningAgent agent("", {"--log.format=json"});
  ASSERT_TRUE(waitUntil(
      [&] {
        return agent.process().stderrText().find("\"msg\":\"unyo started\"") != std::string::npos;
      },
      20s))
      << agent.process().stderrText();
  const std::string log = agent.process().stderrText();
  const std::string firstLine = log.substr(0, log.find('\n'));
  EXPECT_EQ(firstLine.front(), '{');
  EXPECT_EQ(firstLine.back(), '}');
  EXPECT_NE(firstLine.find("\"level\":\"info\""), std::string::npos);
}

TEST(DaemonTest, SighupWithAnInvalidConfigKeepsTheOldOneAndSaysWhy) {
  RunningAgent agent;
  ASSERT_TRUE(agent.waitStarted()) << agent.process().stderrText();
  auto before = httpGet(agent.port(), "/metrics");
  ASSERT_TRUE(before) << "no response";
  const double loadedAt =
      metricValue(before->body, "unyo_config_last_reload_success_timestamp_seconds");
  std::string text = readFile(agent.configPath());
  agent.rewriteConfig(text + "collectors:\n  intervl: 5s\n");
  agent.process().signal(SIGHUP);
  ASSERT_TRUE(waitUntil(
      [&] {
        auto metrics = httpGet(agent.port(), "/metrics");
        return metrics && metricValue(metrics->body, "unyo_config_last_reload_successful") == 0;
      },
      10s))
      << agent.process().stderrText();
  const std::string log = agent.process().stderrText();
  EXPECT_NE(log.find(agent.configPath().string() +
                     ":12:3: unknown key \\\"intervl\\\" (did you mean \\\"interval\\\"?)"),
            std::string::npos)
      << log;
  auto after = httpGet(agent.port(), "/metrics");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200);
  EXPECT_EQ(metricValue(after->body, "unyo_config_last_reload_success_timestamp_seconds"),
            loadedAt);
  EXPECT_NE(after->body.find("environment=\"staging\""), std::string::npos);
}

TEST(DaemonTest, IdleConnectionsCannotLockOutAScrape) {
  RunningAgent agent;
  ASSERT_TRUE(agent.waitStarted()) << agent.process().stderrText();
  std::vector<RawConnection> idle;
  for (int i = 0; i < 200; ++i) {
    idle.emplace_back(agent.port());
    ASSERT_TRUE(idle.back().connected()) << i;
  }
  const auto start = std::chrono::steady_clock::now();
  auto metrics = httpGet(agent.port(), "/metrics");
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  EXPECT_LT(took, 1s);
}

TEST(DaemonTest, AnOversizedHeaderGets431AndTheServerKeepsServing) {
  RunningAgent agent;
  ASSERT_TRUE(agent.waitStarted()) << agent.process().stderrText();
  auto big = httpGet(agent.port(), "/metrics", {"X-Big: " + std::string(9 * 1024, 'a')});
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 431);
  auto next = httpGet(agent.port(), "/healthz");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
}

TEST(DaemonTest, AnInvalidConfigStopsStartupWithExitTwoAndTheLocation) {
  TempDir dir;
  writeFile(dir.path() / "unyo.yaml", "identity:\n  lg_code: \"131017\"\n  system: other\n");
  ChildProcess unyo({unyoBinary(), "run", "--config", (dir.path() / "unyo.yaml").string()},
                    dir.path());
  EXPECT_EQ(unyo.waitExit(10s), 2);
  EXPECT_EQ(unyo.stderrText(), (dir.path() / "unyo.yaml").string() +
                                   ":2:12: lg_code \"131017\" has check digit 7, expected 6 "
                                   "(did you mean \"131016\"?)\n");
}

TEST(DaemonTest, CheckAnswersOneForAnInvalidConfigAndZeroForAValidOne) {
  TempDir dir;
  writeFile(dir.path() / "bad.yaml", "identity: {lg_code: \"131016\", system: other}\nx: 1\n");
  writeFile(dir.path() / "good.yaml", "identity: {lg_code: \"131016\", system: other}\n");
  ChildProcess bad({unyoBinary(), "check", "--config", (dir.path() / "bad.yaml").string()},
                   dir.path());
  EXPECT_EQ(bad.waitExit(10s), 1);
  EXPECT_NE(bad.stderrText().find("bad.yaml:2:1: unknown key \"x\""), std::string::npos);
  ChildProcess good({unyoBinary(), "check", "--config", (dir.path() / "good.yaml").string()},
                    dir.path());
  EXPECT_EQ(good.waitExit(10s), 0) << good.stderrText();
}

TEST(DaemonTest, UsageErrorsExitTwo) {
  TempDir dir;
  ChildProcess unyo({unyoBinary(), "frobnicate"}, dir.path());
  EXPECT_EQ(unyo.waitExit(10s), 2);
  EXPECT_NE(unyo.stderrText().find("unknown command \"frobnicate\""), std::string::npos);
}

}  // namespace
}  // namespace unyo::testing
