// `unyo fleet report` against a real Prometheus holding a month of a
// prefecture's samples, backfilled with `promtool tsdb create-blocks-from
// openmetrics`: October 2026, five wards of Tokyo on the resident
// registry (one far above the others), a second system with an agent that
// started mid-month, a city in Osaka and a staging agent outside the scope.
// The numbers are round so the report can be checked to the yen.

#include <gtest/gtest.h>

#include <charconv>

#include "canned_server.h"
#include "running_agent.h"
#include "support/html_outline.h"
#include "support/http_client.h"
#include "support/shell.h"

namespace unyo::testing {
namespace {

using namespace std::chrono_literals;

constexpr long kOctoberStart = 1790780400;  // 2026-10-01T00:00+09:00
constexpr long kStep = 6 * 3600;            // the agents' (coarse) sample interval
constexpr int kSteps = 124;                 // 31 days of 6 h

struct Agent {
  std::string instance;
  std::string lgCode;
  std::string name;
  std::string system;
  std::string vendor;
  double population;
  double costYen;      // what October cost
  double baselineYen;  // per month
  int firstStep = -4;  // -4: reporting since before October
  std::string environment = "production";
};

const std::vector<Agent>& agents() {
  static const std::vector<Agent> kAgents = {
      {"chiyoda-rr:9877", "131016", "千代田区", "resident_registry", "Vendor A", 66000, 660000,
       600000},
      {"chuo-rr:9877", "131024", "中央区", "resident_registry", "Vendor A", 170000, 1870000,
       1800000},
      {"minato-rr:9877", "131032", "港区", "resident_registry", "Vendor B", 260000, 3120000,
       3000000},
      {"shinjuku-rr:9877", "131041", "新宿区", "resident_registry", "Vendor B", 350000, 4550000,
       4500000},
      {"bunkyo-rr:9877", "131059", "文京区", "resident_registry", "高コスト株式会社", 240000,
       9600000, 5000000},
      {"chiyoda-tax-1:9877", "131016", "千代田区", "individual_resident_tax", "Vendor C", 66000,
       100000, 120000},
      {"chiyoda-tax-2:9877", "131016", "千代田区", "individual_resident_tax", "Vendor C", 66000,
       50000, 0, 62},
      {"osaka-rr:9877", "271004", "大阪市", "resident_registry", "Vendor A", 2750000, 27500000, 0},
      {"chiyoda-stg:9877", "131016", "千代田区", "resident_registry", "Vendor A", 66000, 12345, 0,
       -4, "staging"},
  };
  return kAgents;
}

std::string number(double value) {
  char text[64];
  const auto end = std::to_chars(text, text + sizeof text, value).ptr;
  return std::string(text, end);
}

// OpenMetrics for every agent: info, interval, population, baseline, and
// counters growing evenly from `start` to `start + growth` over its steps.
std::string openMetrics() {
  std::string out;
  for (const auto& a : agents()) {
    const std::string labels = "job=\"unyo\",instance=\"" + a.instance + "\",lg_code=\"" +
                               a.lgCode + "\",prefecture=\"" + a.lgCode.substr(0, 2) +
                               "\",system=\"" + a.system + "\",environment=\"" + a.environment +
                               "\",vendor=\"" + a.vendor + "\",csp=\"aws\"";
    const auto series = [&](const std::string& name, const std::string& extra, double start,
                            double growth) {
      for (int k = a.firstStep; k <= kSteps; ++k) {
        const int from = std::max(a.firstStep, 0);
        const double share = k <= from ? 0 : (growth * (k - from)) / (kSteps - from);
        out += name + "{" + labels + extra + "} " + number(start + share) + " " +
               std::to_string(kOctoberStart + kStep * k) + "\n";
      }
    };
    const double start = a.firstStep < 0 ? 1000000 : 0;  // restored from a ledger, or new
    series("unyo_agent_info", ",version=\"1.0\",municipality_name=\"" + a.name + "\"", 1, 0);
    series("unyo_sampling_interval_seconds", "", kStep, 0);
    series("unyo_identity_population", "", a.population, 0);
    if (a.baselineYen > 0) {
      series("unyo_cost_baseline_yen_per_month", ",component=\"total\"", a.baselineYen, 0);
    }
    series("unyo_cost_yen_total", ",component=\"compute\"", start * 0.7, a.costYen * 0.7);
    series("unyo_cost_yen_total", ",component=\"fixed\"", start * 0.3, a.costYen * 0.3);
    if (a.instance == "chiyoda-rr:9877") {
      const std::string playbook = ",playbook=\"purge-old-logs\"";
      series("unyo_labor_saved_minutes_total", playbook, 100, 600);
      series("unyo_labor_saved_yen_total", playbook, 5000, 30000);
      const std::string run = playbook + ",trigger=\"schedule\",result=";
      series("unyo_playbook_runs_total", run + "\"success\"", 10, 60);
      series("unyo_playbook_runs_total", run + "\"failure\"", 0, 3);
      series("unyo_playbook_runs_total", run + "\"timeout\"", 1, 2);
      series("unyo_playbook_runs_total", run + "\"dry_run\"", 0, 9);
    }
  }
  return out + "# EOF\n";
}

// A Prometheus over the backfilled month.
class FleetStore {
 public:
  FleetStore() {
    writeFile(dir_.path() / "fleet.om", openMetrics());
    const auto data = dir_.path() / "data";
    const int created =
        runShell(std::string(PROMTOOL_PATH) + " tsdb create-blocks-from openmetrics --quiet " +
                 shellQuote(dir_.path() / "fleet.om") + " " + shellQuote(data) + " > " +
                 shellQuote(dir_.path() / "promtool.txt") + " 2>&1");
    EXPECT_EQ(created, 0) << readFile(dir_.path() / "promtool.txt");
    writeFile(dir_.path() / "prometheus.yml", "global:\n  scrape_interval: 1m\n");
    port_ = freeTcpPort();
    prometheus_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{
            PROMETHEUS_PATH, "--config.file=" + (dir_.path() / "prometheus.yml").string(),
            "--storage.tsdb.path=" + data.string(), "--storage.tsdb.retention.time=100y",
            "--web.listen-address=127.0.0.1:" + std::to_string(port_)},
        dir_.path());
    ready_ = waitUntil(
        [&] {
          const auto reply = httpGet(port_, "/-/ready");
          return reply && reply->status == 200;
        },
        60s);
  }

  bool ready() const { return ready_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string log() const { return prometheus_->stderrText(); }
  const TempDir& dir() const { return dir_; }

 private:
  TempDir dir_;
  int port_ = 0;
  std::unique_ptr<ChildProcess> prometheus_;
  bool ready_ = false;
};

struct Outcome {
  int exitCode = -1;
  std::string out;
  std::string err;
};

Outcome fleetReport(const TempDir& dir, std::vector<std::string> args) {
  std::vector<std::string> argv = {unyoBinary(), "fleet", "report"};
  argv.insert(argv.end(), args.begin(), args.end());
  static int runs = 0;
  const auto logDir = dir.path() / ("run-" + std::to_string(++runs));
  std::filesystem::create_directories(logDir);
  ChildProcess unyo(argv, logDir, {"LANG=C.UTF-8"});
  Outcome outcome;
  outcome.exitCode = unyo.waitExit(60s).value_or(-1);
  outcome.out = unyo.stdoutText();
  outcome.err = unyo.stderrText();
  return outcome;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(FleetReportTest, ReportsAMonthOfAPrefectureInEveryFormat) {
  FleetStore store;
  ASSERT_TRUE(store.ready()) << store.log();
  const std::vector<std::string> october = {"--prometheus", store.url(),    "--month",
                                            "2026-10",      "--prefecture", "13"};
  auto args = [&](std::vector<std::string> more) {
    auto all = october;
    all.insert(all.end(), more.begin(), more.end());
    return all;
  };

  const auto csv = fleetReport(store.dir(), args({"--format", "csv", "--lang", "en"}));
  ASSERT_EQ(csv.exitCode, 0) << csv.err;
  // Cost to the yen, variance, yen per resident, labor, runs (success,
  // failure, timeout; not dry runs), failures, coverage.
  EXPECT_TRUE(
      contains(csv.out,
               "municipality,131016,千代田区,resident_registry,Resident registry,Vendor A,1,"
               "660000,600000,60000,10,66000,10,,600,30000,65,5,1\r\n"))
      << csv.out;
  EXPECT_TRUE(contains(csv.out,
                       "municipality,131059,文京区,resident_registry,Resident registry,"
                       "高コスト株式会社,1,9600000,5000000,4600000,92,240000,40,high,"))
      << csv.out;
  // Two agents, one from mid-month (counted from 0, half the coverage).
  EXPECT_TRUE(contains(csv.out,
                       "municipality,131016,千代田区,individual_resident_tax,"
                       "Individual resident tax,Vendor C,2,150000,120000,30000,25,66000,"
                       "2.27,,0,0,0,0,0.754\r\n"))
      << csv.out;
  EXPECT_TRUE(contains(csv.out,
                       "system,resident_registry,Resident registry,5,11,12,13,8,16,"
                       "\"文京区 (131059, 高コスト株式会社): high ¥40.00\"\r\n"))
      << csv.out;
  EXPECT_FALSE(contains(csv.out, "271004")) << "Osaka is outside --prefecture 13";
  EXPECT_FALSE(contains(csv.out, "12345")) << "staging is outside the default environment";
  EXPECT_TRUE(contains(csv.out, "report,partial,false\r\n"));

  const auto md = fleetReport(store.dir(), args({"--lang", "ja"}));
  ASSERT_EQ(md.exitCode, 0) << md.err;
  for (const char* expected :
       {"# 団体・業務別 運用コスト報告　2026年10月", "- 対象：東京都（13）", "住民基本台帳",
        "個人住民税", "千代田区", "9,600,000円", "40.00円", "高い",
        "文京区（131059、高コスト株式会社）：高い 40.00円", "19,950,000円"}) {
    EXPECT_TRUE(contains(md.out, expected)) << expected << "\n" << md.out;
  }

  const auto htmlFile = store.dir().path() / "fleet.html";
  const auto html = fleetReport(
      store.dir(), args({"--format", "html", "--lang", "ja", "--output", htmlFile.string()}));
  ASSERT_EQ(html.exitCode, 0) << html.err;
  EXPECT_TRUE(html.out.empty());
  const std::string page = readFile(htmlFile);
  const auto outline = parseHtmlOutline(page);
  ASSERT_TRUE(outline) << outline.error();
  EXPECT_EQ(outline->within("yen-per-resident-chart", "circle", "outlier").size(), 1u);
  EXPECT_TRUE(contains(page, "高コスト株式会社"));
  EXPECT_TRUE(contains(page, "<html lang=\"ja\">"));

  const auto ja = fleetReport(store.dir(), args({"--format", "csv", "--lang", "ja"}));
  ASSERT_EQ(ja.exitCode, 0) << ja.err;
  EXPECT_TRUE(ja.out.starts_with("\xEF\xBB\xBF"));
}

TEST(FleetReportTest, NarrowsToAMunicipalityOrAnEnvironment) {
  FleetStore store;
  ASSERT_TRUE(store.ready()) << store.log();
  const auto one = fleetReport(store.dir(), {"--prometheus", store.url(), "--month", "2026-10",
                                             "--lg-code", "271004", "--format", "csv"});
  ASSERT_EQ(one.exitCode, 0) << one.err;
  EXPECT_TRUE(contains(one.out, "municipality,271004,大阪市,resident_registry,")) << one.out;
  EXPECT_FALSE(contains(one.out, "131016"));

  const auto staging = fleetReport(store.dir(), {"--prometheus", store.url(), "--month", "2026-10",
                                                 "--environment", "staging", "--format", "csv"});
  ASSERT_EQ(staging.exitCode, 0) << staging.err;
  EXPECT_TRUE(contains(staging.out,
                       "municipality,131016,千代田区,resident_registry,Resident "
                       "registry,Vendor A,1,12345,"))
      << staging.out;
  EXPECT_FALSE(contains(staging.out, "131059"));

  // A month without samples is a report that says so, not an error.
  const auto empty =
      fleetReport(store.dir(), {"--prometheus", store.url(), "--month", "2026-06", "--lang", "en"});
  ASSERT_EQ(empty.exitCode, 0) << empty.err;
  EXPECT_TRUE(contains(empty.out, "No agent reported in this month.")) << empty.out;
}

TEST(FleetReportTest, FailsClearlyOnAnUnreachableOrBrokenStoreAndOnBadFlags) {
  TempDir dir;
  const auto unreachable =
      fleetReport(dir, {"--prometheus", "http://127.0.0.1:" + std::to_string(freeTcpPort()),
                        "--month", "2026-10", "--timeout", "5s"});
  EXPECT_EQ(unreachable.exitCode, 1);
  EXPECT_TRUE(contains(unreachable.err, "cannot get an answer from the store at http://127.0.0.1:"))
      << unreachable.err;
  EXPECT_TRUE(unreachable.out.empty());

  CannedServer garbage(httpReply(200, "<html>not a store</html>"));
  const auto broken = fleetReport(dir, {"--prometheus", garbage.url(), "--month", "2026-10"});
  EXPECT_EQ(broken.exitCode, 1);
  EXPECT_TRUE(contains(broken.err, "the store's answer is not JSON (HTTP 200): <html>not a store"))
      << broken.err;

  CannedServer refusing(httpReply(
      422,
      R"({"status":"error","errorType":"execution","error":"query processing would load too many samples"})"));
  const auto refused = fleetReport(dir, {"--prometheus", refusing.url(), "--month", "2026-10"});
  EXPECT_EQ(refused.exitCode, 1);
  EXPECT_TRUE(contains(refused.err,
                       "the store answered an error (execution): query processing "
                       "would load too many samples"))
      << refused.err;

  CannedServer deep(httpReply(200, std::string(50000, '[')));
  const auto bounded = fleetReport(dir, {"--prometheus", deep.url(), "--month", "2026-10"});
  EXPECT_EQ(bounded.exitCode, 1);
  EXPECT_TRUE(contains(bounded.err, "out of bounds")) << bounded.err;

  for (const std::vector<std::string>& bad :
       {std::vector<std::string>{"--prometheus", garbage.url(), "--month", "2026-13"},
        std::vector<std::string>{"--prometheus", garbage.url(), "--month", "2099-01"},
        std::vector<std::string>{"--prometheus", garbage.url(), "--prefecture", "48"},
        std::vector<std::string>{"--prometheus", "http://u:p@127.0.0.1:1"},
        std::vector<std::string>{"--month", "2026-10"},
        std::vector<std::string>{"--prometheus", garbage.url(), "--format", "pdf"}}) {
    const auto outcome = fleetReport(dir, bad);
    EXPECT_EQ(outcome.exitCode, 2) << bad.back() << "\n" << outcome.err;
    EXPECT_TRUE(contains(outcome.err, "unyo fleet report: ")) << outcome.err;
  }
}

}  // namespace
}  // namespace unyo::testing
