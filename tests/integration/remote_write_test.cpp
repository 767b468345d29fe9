// Remote write against the real receivers a prefecture runs: Debian's
// Prometheus (--web.enable-remote-write-receiver) and VictoriaMetrics. The
// receivers go away for a minute while one agent is killed with SIGKILL and
// restarted; afterwards every agent's raw samples must have no hole longer
// than two sample intervals, and nothing may have been dropped.

#include <gtest/gtest.h>
#include <signal.h>

#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "running_agent.h"
#include "support/shell.h"
#include "support/test_certificates.h"

namespace unyo::testing {
namespace {

using namespace std::chrono_literals;

constexpr int kIntervalSeconds = 2;

// The raw sample times of the first series `selector[window]` returns.
std::vector<double> rawSampleTimes(int port, const std::string& selector,
                                   const std::string& window) {
  auto reply = httpGet(port, "/api/v1/query?query=" + urlEncode(selector + "[" + window + "]"));
  std::vector<double> times;
  if (!reply || reply->status != 200) return times;
  const auto json = nlohmann::json::parse(reply->body, nullptr, false);
  if (json.is_discarded() || json["status"] != "success") return times;
  const auto& result = json["data"]["result"];
  if (!result.is_array() || result.empty()) return times;
  for (const auto& value : result[0]["values"]) times.push_back(value[0].get<double>());
  return times;
}

double largestGap(const std::vector<double>& times) {
  double gap = 0;
  for (std::size_t i = 1; i < times.size(); ++i) gap = std::max(gap, times[i] - times[i - 1]);
  return gap;
}

// A price that accrues visibly within the test: 1,000 yen a second. The
// ledger is written at every sample, so `unyo report` is current.
constexpr const char* kCostSection =
    "cost:\n  compute: {instance_type: test, price_per_hour: {jpy: 3600000}}\n"
    "  baseline: {source: test estimate, monthly: {jpy: 50000000}}\n  flush_interval: 0s\n";

// Runs once soon after the start, so labor and run counters exist.
constexpr const char* kPlaybook = R"(name: confirm-backup
labor: {manual_minutes: 15}
triggers:
  - condition: 'unyo_memory_used_ratio >= 0'
steps:
  - id: check
    action: exec
    with: {argv: [/bin/true]}
)";

struct Municipality {
  std::string lgCode;
  std::string name;
  std::string vendor;
};

const Municipality kFleet[] = {
    {"131016", "千代田区", "A社"}, {"011002", "札幌市", "B社"}, {"271004", "大阪市", "C社"}};

// One agent of the fleet, in its own folder; restartable on the same state.
class PushingAgent {
 public:
  PushingAgent(const Municipality& who, const std::vector<std::string>& writeUrls,
               const std::string& extraEndpointKeys = "") {
    std::string config = "identity:\n  lg_code: \"" + who.lgCode +
                         "\"\n  system: resident_registry\n  environment: production\n"
                         "  vendor: \"" +
                         who.vendor + "\"\n  csp: aws\n  instance: rr-" + who.lgCode +
                         "\n  population: 100000\n  municipality_name: " + who.name +
                         "\nweb:\n  listen_address: \"127.0.0.1:0\"\ncollectors:\n  interval: " +
                         std::to_string(kIntervalSeconds) + "s\nstate:\n  dir: state\n" +
                         kCostSection + "remote_write:\n";
    for (const auto& url : writeUrls) {
      config +=
          "  - url: " + url + "\n    min_backoff: 200ms\n    max_backoff: 2s\n" + extraEndpointKeys;
    }
    writeFile(dir_.path() / "unyo.yaml", config);
    writeFile(dir_.path() / "playbooks" / "confirm-backup.yaml", kPlaybook);
    start();
  }

  void start() {
    process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{unyoBinary(), "run", "--config",
                                 (dir_.path() / "unyo.yaml").string()},
        dir_.path());
    const auto port = waitForAgentPort(*process_);
    port_ = port.value_or(0);
  }

  void killHard() {
    process_->signal(SIGKILL);
    process_->waitExit(10s);
  }

  int port() const { return port_; }
  ChildProcess& process() { return *process_; }
  std::filesystem::path configPath() const { return dir_.path() / "unyo.yaml"; }

  double metric(const std::string& name) const {
    auto reply = httpGet(port_, "/metrics");
    return reply ? metricValue(reply->body, name) : std::nan("");
  }

  // The sum over every series of `name` on /metrics.
  double sumOf(const std::string& name) const {
    auto reply = httpGet(port_, "/metrics");
    if (!reply) return std::nan("");
    double sum = 0;
    std::istringstream lines(reply->body);
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind(name + "{", 0) == 0 || line.rfind(name + " ", 0) == 0) {
        sum += std::stod(line.substr(line.rfind(' ') + 1));
      }
    }
    return sum;
  }

 private:
  TempDir dir_;
  std::unique_ptr<ChildProcess> process_;
  int port_ = 0;
};

class Receivers {
 public:
  Receivers() : promPort_(freeTcpPort()), vmPort_(freeTcpPort()) {
    std::filesystem::create_directories(dir_.path() / "prom-log");
    std::filesystem::create_directories(dir_.path() / "vm-log");
    // The fleet rules, evaluated every interval instead of every minute so
    // the dashboards have data within the test (the rules' arithmetic is
    // checked by promtool test rules, not here).
    std::string rules = readFile(UNYO_SOURCE_DIR "/packaging/prometheus/unyo-fleet-rules.yml");
    for (std::size_t at = rules.find("interval: 1m"); at != std::string::npos;
         at = rules.find("interval: 1m", at)) {
      rules.replace(at, 12, "interval: " + std::to_string(kIntervalSeconds) + "s");
    }
    writeFile(dir_.path() / "rules.yml", rules);
    writeFile(dir_.path() / "prometheus.yml",
              "global:\n  scrape_interval: 15s\nrule_files: [rules.yml]\n");
    start();
  }

  void start() {
    prometheus_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{PROMETHEUS_PATH,
                                 "--config.file=" + (dir_.path() / "prometheus.yml").string(),
                                 "--storage.tsdb.path=" + (dir_.path() / "prom-data").string(),
                                 "--web.listen-address=127.0.0.1:" + std::to_string(promPort_),
                                 "--web.enable-remote-write-receiver"},
        dir_.path() / "prom-log");
    victoria_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{
            VICTORIA_METRICS_PATH, "-storageDataPath=" + (dir_.path() / "vm-data").string(),
            "-httpListenAddr=127.0.0.1:" + std::to_string(vmPort_), "-search.latencyOffset=0s",
            "-search.disableCache", "-retentionPeriod=1"},
        dir_.path() / "vm-log");
  }

  void stop() {
    prometheus_->signal(SIGTERM);
    victoria_->signal(SIGTERM);
    prometheus_->waitExit(30s);
    victoria_->waitExit(30s);
  }

  int promPort() const { return promPort_; }
  int vmPort() const { return vmPort_; }
  std::vector<std::string> writeUrls() const {
    return {"http://127.0.0.1:" + std::to_string(promPort_) + "/api/v1/write",
            "http://127.0.0.1:" + std::to_string(vmPort_) + "/api/v1/write"};
  }
  std::string logs() const {
    return prometheus_->stderrText().substr(0, 4000) + "\n" +
           victoria_->stderrText().substr(0, 4000);
  }

 private:
  TempDir dir_;
  int promPort_;
  int vmPort_;
  std::unique_ptr<ChildProcess> prometheus_;
  std::unique_ptr<ChildProcess> victoria_;
};

// The "cost,total,N" line of `unyo report --format csv`, or NaN.
double ownReportTotal(const std::string& csv) {
  static const std::regex kTotal(R"(\ncost,total,(-?\d+))");
  std::smatch m;
  return std::regex_search(csv, m, kTotal) ? std::stod(m[1]) : std::nan("");
}

// lg_code -> cost from the municipality block of `unyo fleet report --format csv`.
std::map<std::string, double> fleetCosts(const std::string& csv) {
  std::map<std::string, double> costs;
  std::istringstream lines(csv);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("municipality,", 0) != 0) continue;
    std::vector<std::string> cells;
    std::istringstream row(line);
    for (std::string cell; std::getline(row, cell, ',');) cells.push_back(cell);
    if (cells.size() > 7 && !cells[1].empty() &&
        std::isdigit(static_cast<unsigned char>(cells[1][0]))) {
      costs[cells[1]] = std::stod(cells[7]);
    }
  }
  return costs;
}

TEST(RemoteWriteTest, AFleetSurvivesAReceiverOutageWithAKilledAgentInIt) {
  Receivers receivers;
  std::vector<std::unique_ptr<PushingAgent>> agents;
  for (const auto& who : kFleet) {
    agents.push_back(std::make_unique<PushingAgent>(who, receivers.writeUrls()));
    ASSERT_NE(agents.back()->port(), 0) << agents.back()->process().stderrText();
  }
  for (const auto& who : kFleet) {
    const std::string selector = "unyo_agent_info{lg_code=\"" + who.lgCode + "\"}";
    ASSERT_TRUE(waitUntil([&] { return instantQuery(receivers.promPort(), selector) == 1.0; }, 60s))
        << "Prometheus never got " << who.lgCode << "\n"
        << receivers.logs();
    ASSERT_TRUE(waitUntil([&] { return instantQuery(receivers.vmPort(), selector) == 1.0; }, 60s))
        << "VictoriaMetrics never got " << who.lgCode << "\n"
        << receivers.logs();
  }
  // Every sample carries the identity.
  EXPECT_EQ(instantQuery(receivers.promPort(),
                         "unyo_agent_info{job=\"unyo\",prefecture=\"01\",lg_code=\"011002\","
                         "system=\"resident_registry\",environment=\"production\",vendor=\"B社\","
                         "csp=\"aws\",instance=\"rr-011002\",municipality_name=\"札幌市\"}"),
            1.0);
  EXPECT_EQ(instantQuery(receivers.promPort(),
                         "count(node_memory_MemTotal_bytes{prefecture=\"27\",vendor=\"C社\"})"),
            1.0);
  EXPECT_EQ(instantQuery(receivers.vmPort(),
                         "unyo_identity_population{lg_code=\"131016\",instance=\"rr-131016\"}"),
            100000.0);

  std::this_thread::sleep_for(std::chrono::seconds(3 * kIntervalSeconds));
  receivers.stop();
  std::this_thread::sleep_for(20s);
  agents[1]->killHard();
  agents[1]->start();  // the backlog from before the kill is on disk
  ASSERT_NE(agents[1]->port(), 0) << agents[1]->process().stderrText();
  std::this_thread::sleep_for(40s);
  // Samples waited on disk, none were given up.
  for (const auto& agent : agents) {
    EXPECT_GT(agent->metric("unyo_remote_write_pending_samples"), 0);
  }
  receivers.start();

  for (const auto& agent : agents) {
    ASSERT_TRUE(
        waitUntil([&] { return agent->sumOf("unyo_remote_write_pending_samples") == 0; }, 120s))
        << agent->process().stderrText();
    EXPECT_EQ(agent->sumOf("unyo_remote_write_dropped_samples_total"), 0);
    EXPECT_GT(agent->sumOf("unyo_remote_write_retries_total"), 0);
  }
  std::this_thread::sleep_for(2s);  // VictoriaMetrics makes new data searchable within a second
  for (const auto& who : kFleet) {
    const std::string selector = "unyo_sampling_interval_seconds{lg_code=\"" + who.lgCode + "\"}";
    for (const int port : {receivers.promPort(), receivers.vmPort()}) {
      const auto times = rawSampleTimes(port, selector, "5m");
      SCOPED_TRACE(who.lgCode +
                   (port == receivers.promPort() ? " in Prometheus" : " in VictoriaMetrics"));
      ASSERT_GT(times.size(), 20U);
      EXPECT_GT(times.back() - times.front(), 60.0) << "the samples do not span the outage";
      EXPECT_LE(largestGap(times), 2.0 * kIntervalSeconds);
    }
  }

  // The prefecture's table agrees with each agent's own report of the
  // month, to within the cost of a few samples (the agents keep running).
  const std::string month = captureShell("TZ=Asia/Tokyo date +%Y-%m").substr(0, 7);
  for (const int port : {receivers.promPort(), receivers.vmPort()}) {
    const std::string fleet = captureShell(
        unyoBinary() + " fleet report --prometheus http://127.0.0.1:" + std::to_string(port) +
        " --month " + month + " --format csv --lang en");
    const auto costs = fleetCosts(fleet);
    SCOPED_TRACE(fleet);
    ASSERT_EQ(costs.size(), std::size(kFleet));
    for (std::size_t i = 0; i < agents.size(); ++i) {
      const double own =
          ownReportTotal(captureShell(unyoBinary() + " report --format csv --lang en --config " +
                                      shellQuote(agents[i]->configPath())));
      ASSERT_TRUE(costs.contains(kFleet[i].lgCode));
      EXPECT_GT(own, 50'000);
      EXPECT_NEAR(costs.at(kFleet[i].lgCode), own, 3 * kIntervalSeconds * 1000.0)
          << kFleet[i].lgCode;
    }
    const std::string ja = captureShell(
        unyoBinary() + " fleet report --prometheus http://127.0.0.1:" + std::to_string(port) +
        " --month " + month + " --lang ja");
    for (const auto& who : kFleet) EXPECT_NE(ja.find(who.name), std::string::npos) << who.name;
  }
}

// mTLS to a receiver that checks the agent's certificate, a tenant header,
// and a server_name that differs from the host in the URL.
TEST(RemoteWriteTest, PushesOverMutualTlsWithTheEndpointsOwnCertificate) {
  TempDir dir;
  TestCertificates pki(dir.path() / "pki");
  ASSERT_TRUE(pki.ok());
  const KeyPair receiverPair = pki.issue("central", "DNS:central.pref.example", true);
  const KeyPair agentPair = pki.issue("agent", "DNS:agent");
  writeFile(dir.path() / "web.yml",
            "tls_server_config:\n  cert_file: " + receiverPair.cert.string() +
                "\n  key_file: " + receiverPair.key.string() +
                "\n  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: " +
                pki.caCert().string() + "\n");
  writeFile(dir.path() / "prometheus.yml", "global:\n  scrape_interval: 15s\n");
  const int promPort = freeTcpPort();
  ChildProcess prometheus(
      {PROMETHEUS_PATH, "--config.file=" + (dir.path() / "prometheus.yml").string(),
       "--storage.tsdb.path=" + (dir.path() / "data").string(),
       "--web.listen-address=127.0.0.1:" + std::to_string(promPort),
       "--web.config.file=" + (dir.path() / "web.yml").string(),
       "--web.enable-remote-write-receiver"},
      dir.path());
  const std::string tls =
      "    headers: {X-Scope-OrgID: pref13}\n    tls:\n      ca_file: " + pki.caCert().string() +
      "\n      cert_file: " + agentPair.cert.string() +
      "\n      key_file: " + agentPair.key.string() +
      "\n      server_name: central.pref.example\n      min_version: TLS12\n";
  PushingAgent agent(kFleet[0], {"https://127.0.0.1:" + std::to_string(promPort) + "/api/v1/write"},
                     tls);
  ASSERT_NE(agent.port(), 0) << agent.process().stderrText();
  ASSERT_TRUE(waitUntil([&] { return agent.sumOf("unyo_remote_write_samples_total") > 0; }, 60s))
      << agent.process().stderrText() << prometheus.stderrText().substr(0, 4000);
  EXPECT_EQ(agent.sumOf("unyo_remote_write_dropped_samples_total"), 0);
}

}  // namespace
}  // namespace unyo::testing
