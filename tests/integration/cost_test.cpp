// The cost ledger against the real agent: SIGKILL at random moments while
// scrapes drive samples (each appending to the ledger), then the ledger
// must load, only grow, hold what the counters showed, and never count an
// hour twice. And `unyo report` over what the agent wrote.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <csignal>
#include <random>
#include <regex>
#include <thread>

#include "agent/cost/ledger.h"
#include "running_agent.h"

namespace unyo::testing {
namespace {

using namespace std::chrono_literals;

// 3,600 yen an hour: one yen a second, so instance hours and yen check each other.
const char* kCostConfig = R"(collectors:
  interval: 1s
  min_interval: 0s
  disabled: [filesystem, diskstats, pressure]
playbooks:
  timezone: Asia/Tokyo
state:
  dir: state
cost:
  compute: {instance_type: test, price_per_hour: {jpy: 3600}}
  fixed:
    - {name: license, price_per_month: {jpy: 73000}}
  baseline: {source: "vendor estimate 2025-04", monthly: {jpy: 200000}}
  flush_interval: 0s
)";

class Agent {
 public:
  explicit Agent(const TempDir& dir) {
    process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{unyoBinary(), "run", "--config", (dir.path() / "unyo.yaml").string()},
        dir.path());
  }
  bool waitStarted() {
    const auto port = waitForAgentPort(*process_);
    if (port) port_ = *port;
    return port.has_value();
  }
  int port() const { return port_; }
  ChildProcess& process() { return *process_; }

 private:
  std::unique_ptr<ChildProcess> process_;
  int port_ = 0;
};

agent::LedgerContents loadLedger(const TempDir& dir) {
  agent::Ledger ledger(dir.path() / "state" / "ledger");
  auto contents = ledger.load();
  EXPECT_TRUE(contents) << contents.error().message;
  return contents ? *contents : agent::LedgerContents{};
}

double hoursSince(std::chrono::system_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::system_clock::now() - start).count() / 3600.0;
}

TEST(CostLedgerTest, SurvivesSigkillAtRandomMomentsWithoutLosingOrDoubleCounting) {
  TempDir dir;
  writeFile(dir.path() / "unyo.yaml", RunningAgent::configText(kCostConfig));
  std::mt19937 random(20261201);
  const auto firstStart = std::chrono::system_clock::now();
  double ledgerHours = 0;
  int lines = 0;
  constexpr int kCycles = 50;
  for (int cycle = 0; cycle < kCycles; ++cycle) {
    Agent agent(dir);
    ASSERT_TRUE(agent.waitStarted()) << agent.process().stderrText();
    // Each scrape takes a fresh sample, and each sample appends to the ledger.
    double scrapedHours = 0;
    const int scrapes = std::uniform_int_distribution<int>(0, 4)(random);
    for (int i = 0; i < scrapes; ++i) {
      auto reply = httpGet(agent.port(), "/metrics");
      ASSERT_TRUE(reply && reply->status == 200);
      const double hours = metricValue(reply->body, "unyo_usage_instance_hours_total");
      ASSERT_FALSE(std::isnan(hours)) << reply->body;
      EXPECT_GE(hours, scrapedHours) << "the counter went down within one run";
      scrapedHours = hours;
    }
    // Kill it after a random number of further scrapes, with the next scrape
    // (and its ledger write) usually in flight.
    std::atomic<int> hammered{0};
    std::thread hammer([&] {
      for (int i = 0; i < 50 && httpGet(agent.port(), "/metrics").has_value(); ++i) {
        ++hammered;
      }
    });
    const int killAfter = std::uniform_int_distribution<int>(0, 3)(random);
    EXPECT_TRUE(waitUntil([&] { return hammered >= killAfter; }, 20s))
        << "cycle " << cycle << ": only " << hammered.load() << " scrapes answered";
    agent.process().signal(SIGKILL);
    ASSERT_TRUE(agent.process().waitExit(10s));
    hammer.join();

    const auto contents = loadLedger(dir);
    const double hours = contents.total().instanceHours;
    EXPECT_GE(hours, ledgerHours) << "cycle " << cycle << ": the ledger shrank";
    EXPECT_GE(hours + 1e-12, scrapedHours)
        << "cycle " << cycle << ": the counter showed more than the ledger kept";
    EXPECT_LE(hours, hoursSince(firstStart) + 1e-9)
        << "cycle " << cycle << ": more hours than have passed: counted twice";
    const double yen = contents.total().costYen.contains("compute")
                           ? contents.total().costYen.at("compute")
                           : 0.0;
    EXPECT_NEAR(yen, hours * 3600, 1e-6);
    ledgerHours = hours;
    lines += contents.skippedLines;
  }
  // A last, clean run: it closes the gap since the last kill, so the ledger
  // holds every hour since the first start (the host was up all along).
  Agent agent(dir);
  ASSERT_TRUE(agent.waitStarted());
  auto reply = httpGet(agent.port(), "/metrics");
  ASSERT_TRUE(reply);
  const double counter = metricValue(reply->body, "unyo_usage_instance_hours_total");
  agent.process().signal(SIGTERM);
  ASSERT_EQ(agent.process().waitExit(10s), 0);
  const double finalHours = loadLedger(dir).total().instanceHours;
  EXPECT_GE(finalHours + 1e-12, counter);
  EXPECT_LE(finalHours, hoursSince(firstStart));
  // Up to the first sample of the first run (agent start-up) may be missing.
  EXPECT_GT(finalHours, hoursSince(firstStart) - 10.0 / 3600) << "hours were lost";
  RecordProperty("torn_lines_skipped", lines);
}

TEST(CostLedgerTest, SighupAppliesNewPricesAndKeepsTheTotals) {
  TempDir dir;
  const auto config = RunningAgent::configText(kCostConfig);
  writeFile(dir.path() / "unyo.yaml", config);
  Agent agent(dir);
  ASSERT_TRUE(agent.waitStarted()) << agent.process().stderrText();
  auto before = httpGet(agent.port(), "/metrics");
  ASSERT_TRUE(before);
  const std::string compute = R"(unyo_cost_yen_total{component="compute"})";
  const double totalBefore = metricValue(before->body, compute);

  writeFile(dir.path() / "unyo.yaml",
            std::regex_replace(config, std::regex("jpy: 3600"), "jpy: 7200"));
  agent.process().signal(SIGHUP);
  ASSERT_TRUE(waitUntil(
      [&] {
        auto reply = httpGet(agent.port(), "/metrics");
        return reply && metricValue(reply->body, R"(unyo_cost_yen_per_hour{component="compute"})") ==
                            7200;
      },
      10s))
      << agent.process().stderrText();
  auto after = httpGet(agent.port(), "/metrics");
  ASSERT_TRUE(after);
  EXPECT_GE(metricValue(after->body, compute), totalBefore);
  // The status page says it too: 7,200 compute + 73,000 / 730 fixed an hour.
  auto page = httpGet(agent.port(), "/");
  ASSERT_TRUE(page);
  EXPECT_NE(page->body.find("¥7,300 per hour"), std::string::npos) << page->body;

  // An invalid price is refused; the running prices stay.
  writeFile(dir.path() / "unyo.yaml",
            std::regex_replace(config, std::regex("jpy: 3600"), "jpy: -1"));
  agent.process().signal(SIGHUP);
  ASSERT_TRUE(waitUntil(
      [&] { return agent.process().stderrText().find("config reload failed") != std::string::npos; },
      10s));
  auto kept = httpGet(agent.port(), "/metrics");
  ASSERT_TRUE(kept);
  EXPECT_EQ(metricValue(kept->body, R"(unyo_cost_yen_per_hour{component="compute"})"), 7200);
  agent.process().signal(SIGTERM);
  EXPECT_EQ(agent.process().waitExit(10s), 0);
}

TEST(CostLedgerTest, ReportShowsCostAgainstTheBaselineAndLaborFromTheLedger) {
  TempDir dir;
  writeFile(dir.path() / "playbooks" / "hello.yaml", R"(name: hello
description: Says hello
labor: {manual_minutes: 12, basis: "手順書 2.1"}
steps:
  - id: say
    action: exec
    with: {argv: [echo, hi]}
)");
  // Playbooks live beside the config; rewrite the playbooks section to point there.
  std::string config = RunningAgent::configText(kCostConfig);
  config = std::regex_replace(config, std::regex("playbooks:\n"), "playbooks:\n  paths: [playbooks]\n");
  writeFile(dir.path() / "unyo.yaml", config);

  const auto cli = [&](std::vector<std::string> args, int* code) {
    std::vector<std::string> argv = {unyoBinary(), "--config", (dir.path() / "unyo.yaml").string()};
    argv.insert(argv.end(), args.begin(), args.end());
    ChildProcess child(argv, dir.path());
    *code = child.waitExit(60s).value_or(-1);
    return child.stdoutText() + child.stderrText();
  };
  int code = -1;
  // A run without the daemon goes into the ledger too.
  const auto ran = cli({"playbook", "run", "hello"}, &code);
  ASSERT_EQ(code, 0) << ran;
  {
    Agent agent(dir);
    ASSERT_TRUE(agent.waitStarted()) << agent.process().stderrText();
    // Compute cost accrues between samples: wait until some has.
    std::optional<RawResponse> reply;
    ASSERT_TRUE(waitUntil(
        [&] {
          reply = httpGet(agent.port(), "/metrics");
          return reply && reply->status == 200 &&
                 metricValue(reply->body, R"(unyo_cost_yen_total{component="compute"})") > 0;
        },
        20s))
        << (reply ? reply->body : "no response") << agent.process().stderrText();
    EXPECT_EQ(metricValue(reply->body, R"(unyo_cost_baseline_yen_per_month{component="total"})"),
              200000);
    EXPECT_EQ(metricValue(reply->body, R"(unyo_cost_yen_per_hour{component="compute"})"), 3600);
    EXPECT_EQ(promtoolProblems(reply->body, dir.path()), "");
    agent.process().signal(SIGTERM);
    ASSERT_EQ(agent.process().waitExit(10s), 0);
  }
  const auto markdown = cli({"report", "--lang", "en", "--format", "md"}, &code);
  ASSERT_EQ(code, 0) << markdown;
  EXPECT_NE(markdown.find("hello"), std::string::npos) << markdown;
  EXPECT_NE(markdown.find("vendor estimate 2025-04"), std::string::npos) << markdown;
  // The run a person started is assisted labor, and the playbook's own
  // assumptions stand beside it.
  std::string unpadded = markdown;
  std::erase(unpadded, ' ');
  EXPECT_NE(unpadded.find("|hello|1|0|0|¥0|12|¥1,000|"), std::string::npos) << markdown;
  EXPECT_NE(unpadded.find("|hello|Sayshello|12|everysuccessfulrun|手順書2.1|"), std::string::npos)
      << markdown;
  const auto japanese = cli({"report", "--lang", "ja", "--format", "md"}, &code);
  ASSERT_EQ(code, 0) << japanese;
  EXPECT_NE(japanese.find("住民基本台帳"), std::string::npos) << japanese;

  const auto html = dir.path() / "report.html";
  cli({"report", "--format", "html", "--output", html.string()}, &code);
  ASSERT_EQ(code, 0);
  const auto page = readFile(html);
  EXPECT_NE(page.find("id=\"daily-cost-chart\""), std::string::npos);
  EXPECT_NE(page.find("id=\"weekly-labor-chart\""), std::string::npos);

  // --output to something that is not a regular file writes into it and
  // leaves it what it was (renaming over /dev/null would replace the device).
  const auto fifo = dir.path() / "report.fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string fromFifo;
  std::thread reader([&] { fromFifo = readFile(fifo); });
  cli({"report", "--format", "csv", "--output", fifo.string()}, &code);
  reader.join();
  EXPECT_EQ(code, 0);
  EXPECT_TRUE(std::filesystem::is_fifo(fifo));
  EXPECT_NE(fromFifo.find("labor,hello,"), std::string::npos) << fromFifo;
  // Through a symbolic link, the file it points to is replaced.
  const auto link = dir.path() / "latest.md";
  std::filesystem::create_symlink("report.md", link);
  cli({"report", "--output", link.string()}, &code);
  EXPECT_EQ(code, 0);
  EXPECT_TRUE(std::filesystem::is_symlink(link));
  EXPECT_NE(readFile(dir.path() / "report.md").find("hello"), std::string::npos);

  // A playbook that does not load costs the report only the assumptions.
  writeFile(dir.path() / "playbooks" / "broken.yaml", "name: [\n");
  const auto withoutPlaybooks = cli({"report", "--lang", "en"}, &code);
  EXPECT_EQ(code, 0) << withoutPlaybooks;
  EXPECT_NE(withoutPlaybooks.find("unyo report: the playbooks could not be read"),
            std::string::npos)
      << withoutPlaybooks;
  EXPECT_NE(withoutPlaybooks.find("broken.yaml"), std::string::npos) << withoutPlaybooks;
  EXPECT_NE(withoutPlaybooks.find("The playbook files could not be read"), std::string::npos)
      << withoutPlaybooks;
  std::filesystem::remove(dir.path() / "playbooks" / "broken.yaml");

  const auto bad = cli({"report", "--from", "2026-12-31", "--to", "2026-12-01"}, &code);
  EXPECT_EQ(code, 2) << bad;
  EXPECT_NE(bad.find("is after --to"), std::string::npos) << bad;
  cli({"report", "--format", "pdf"}, &code);
  EXPECT_EQ(code, 2);
}

}  // namespace
}  // namespace unyo::testing
