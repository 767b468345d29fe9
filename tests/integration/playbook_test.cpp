// Playbooks through the real binary: the daemon's API and triggers, the CLI,
// real child processes and the state directory.

#include <dirent.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "running_agent.h"

namespace unyo::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

// printf %s TOKEN | sha256sum
constexpr const char* kTokens = R"(  api_tokens:
    - {name: ops, sha256: "2b2577f455616d63bbcb76676b219056860f972a5c38cc4fc33bec3f23e20561", role: operate}
    - {name: staff, sha256: "2a2dfdeca77ad756dd19bcb5b02ffdc85d401ddf5abbd10cda4ece41d3f85c54", role: approve}
    - {name: viewer, sha256: "d036bd6d01a1cae081d39a2f8dab751dc042de814fd60df31fcb553170950f29", role: read}
)";
const std::string kOps = "Authorization: Bearer op-token";
const std::string kStaff = "Authorization: Bearer staff-token";
const std::string kViewer = "Authorization: Bearer viewer-token";

// An agent with playbooks written into its folder before it starts.
using Files = std::map<std::string, std::string>;

class PlaybookAgent {
 public:
  // `extra` is appended to the config; `playbooksExtra` goes into its
  // `playbooks:` section.
  explicit PlaybookAgent(const Files& playbooks, std::string extra = "",
                         const std::string& playbooksExtra = "")
      : dir_(std::make_unique<TempDir>()) {
    for (const auto& [name, text] : playbooks) writeFile(dir_->path() / "playbooks" / name, text);
    body_ = std::string("playbooks:\n  paths: [") + (dir_->path() / "playbooks").string() +
            "]\n  max_concurrent_runs: 4\n" + playbooksExtra +
            "state:\n  dir: " + (dir_->path() / "state").string() +
            "\nlabor:\n  hourly_rate: {jpy: 6000}\n" + extra;
    start();
  }

  void start() {
    writeFile(dir_->path() / "unyo.yaml", std::string(kTestIdentity) +
                                              "web:\n  listen_address: \"127.0.0.1:0\"\n" +
                                              kTokens + body_);
    process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{unyoBinary(), "run", "--config", (dir_->path() / "unyo.yaml").string()},
        dir_->path());
  }

  bool waitStarted() {
    const auto port = waitForAgentPort(*process_);
    if (port) port_ = *port;
    return port.has_value();
  }

  void restart() {
    process_->signal(SIGTERM);
    ASSERT_EQ(process_->waitExit(10s), 0) << process_->stderrText();
    process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{unyoBinary(), "run", "--config", (dir_->path() / "unyo.yaml").string()},
        dir_->path());
    ASSERT_TRUE(waitStarted()) << process_->stderrText();
  }

  // The response; a failed exchange fails the test and gives status 0.
  RawResponse post(const std::string& target, const std::string& body,
                   std::vector<std::string> headers) {
    headers.push_back("Content-Type: application/json");
    auto reply = httpRequest(port_, "POST", target, headers, body);
    if (!reply) {
      ADD_FAILURE() << "POST " << target << ": no response";
      return {};
    }
    return *reply;
  }

  json runWhenFinished(const std::string& id) {
    json run;
    waitUntil(
        [&] {
          auto reply = httpGet(port_, "/api/v1/runs/" + id, {kViewer});
          if (!reply || reply->status != 200) return false;
          run = json::parse(reply->body);
          const std::string status = run["status"];
          return status != "pending" && status != "queued" && status != "running";
        },
        30s);
    return run;
  }

  std::string cli(std::vector<std::string> args, int* exitCode = nullptr) {
    std::vector<std::string> argv = {unyoBinary(), "--config", (dir_->path() / "unyo.yaml").string()};
    argv.insert(argv.end(), args.begin(), args.end());
    ChildProcess child(argv, dir_->path());
    const auto code = child.waitExit(60s);
    if (exitCode) *exitCode = code.value_or(-1);
    return child.stdoutText() + child.stderrText();
  }

  int port() const { return port_; }
  ChildProcess& process() { return *process_; }
  const std::filesystem::path& dir() const { return dir_->path(); }

 private:
  std::unique_ptr<TempDir> dir_;
  std::string body_;
  std::unique_ptr<ChildProcess> process_;
  int port_ = 0;
};

const char* kHello = R"(name: hello
labor: {manual_minutes: 12}
steps:
  - id: say
    action: exec
    with: {argv: [echo, "hello from {{ identity.lg_code }}"]}
)";

TEST(PlaybookIntegrationTest, TheApiRunsAPlaybookAndTheLaborSurvivesARestart) {
  PlaybookAgent agent(Files{{"hello.yaml", kHello}});
  ASSERT_TRUE(agent.waitStarted()) << agent.process().stderrText();

  auto started = agent.post("/api/v1/playbooks/hello/runs", "{}", {kOps});
  ASSERT_EQ(started.status, 202) << started.body;
  const std::string id = json::parse(started.body)["run_id"];
  const json run = agent.runWhenFinished(id);
  EXPECT_EQ(run["status"], "success") << run.dump();
  EXPECT_EQ(run["steps"][0]["output"]["stdout"], "hello from 131016\n");
  EXPECT_EQ(run["trigger"]["requested_by"], "api:ops");
  EXPECT_EQ(run["labor_yen"], 1200.0);

  auto metrics = httpGet(agent.port(), "/metrics");
  ASSERT_TRUE(metrics) << "no response";
  EXPECT_EQ(metricValue(metrics->body,
                        "unyo_labor_saved_minutes_total{playbook=\"hello\",trigger=\"manual\"}"),
            12);
  EXPECT_EQ(metricValue(metrics->body,
                        "unyo_playbook_runs_total{playbook=\"hello\",result=\"success\",trigger=\"manual\"}"),
            1);
  EXPECT_EQ(promtoolProblems(metrics->body, agent.dir()), "");

  agent.restart();
  metrics = httpGet(agent.port(), "/metrics");
  ASSERT_TRUE(metrics) << "no response";
  EXPECT_EQ(metricValue(metrics->body,
                        "unyo_labor_saved_minutes_total{playbook=\"hello\",trigger=\"manual\"}"),
            12);
  EXPECT_EQ(metricValue(metrics->body,
                        "unyo_labor_saved_yen_total{playbook=\"hello\",trigger=\"manual\"}"),
            1200);
}

TEST(PlaybookIntegrationTest, TheApiChecksTokensAndRoles) {
  PlaybookAgent agent(Files{{"hello.yaml", kHello}});
  ASSERT_TRUE(agent.waitStarted()) << agent.process().stderrText();
  auto anonymous = httpGet(agent.port(), "/api/v1/playbooks");
  ASSERT_TRUE(anonymous) << "no response";
  EXPECT_EQ(anonymous->status, 401);
  EXPECT_EQ(json::parse(anonymous->body)["error"], "unauthorized");
  auto wrong = httpGet(agent.port(), "/api/v1/playbooks", {"Authorization: Bearer nope"});
  ASSERT_TRUE(wrong) << "no response";
  EXPECT_EQ(wrong->status, 401);
  auto viewer = httpGet(agent.port(), "/api/v1/playbooks", {kViewer});
  ASSERT_TRUE(viewer) << "no response";
  ASSERT_EQ(viewer->status, 200);
  EXPECT_EQ(json::parse(viewer->body)["playbooks"][0]["name"], "hello");
  // Reading is not operating, and approving is not operating either.
  EXPECT_EQ(agent.post("/api/v1/playbooks/hello/runs", "{}", {kViewer}).status, 403);
  EXPECT_EQ(agent.post("/api/v1/playbooks/hello/runs", "{}", {kStaff}).status, 403);
  EXPECT_EQ(agent.post("/api/v1/playbooks/nope/runs", "{}", {kOps}).status, 404);
  auto bad = agent.post("/api/v1/playbooks/hello/runs", "{\"params\": {\"x\": 1}}", {kOps});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(json::parse(bad.body)["detail"].get<std::string>().find("unknown param"),
            std::string::npos);
  EXPECT_EQ(agent.post("/api/v1/playbooks/hello/runs", "not json", {kOps}).status, 400);
}

const char* kRisky = R"(name: risky
labor: {manual_minutes: 30}
policy: {approval: required, approval_ttl: 3s}
steps:
  - id: go
    action: exec
    with: {argv: ["true"]}
)";

TEST(PlaybookIntegrationTest, ApprovalApproveRejectAndExpire) {
  PlaybookAgent agent(Files{{"risky.yaml", kRisky}});
  ASSERT_TRUE(agent.waitStarted()) << agent.process().stderrText();
  auto start = [&] {
    auto r = agent.post("/api/v1/playbooks/risky/runs", "{}", {kOps});
    EXPECT_EQ(r.status, 202);
    EXPECT_EQ(json::parse(r.body)["status"], "pending");
    return json::parse(r.body)["run_id"].get<std::string>();
  };

  const std::string approved = start();
  // The operator cannot approve their own run.
  EXPECT_EQ(agent.post("/api/v1/runs/" + approved + "/approve", "", {kOps}).status, 403);
  auto decision = agent.post("/api/v1/runs/" + approved + "/approve", "", {kStaff});
  ASSERT_EQ(decision.status, 200) << decision.body;
  json run = agent.runWhenFinished(approved);
  EXPECT_EQ(run["status"], "success");
  EXPECT_EQ(run["decided_by"], "api:staff");
  EXPECT_EQ(agent.post("/api/v1/runs/" + approved + "/approve", "", {kStaff}).status, 409);

  const std::string rejected = start();
  ASSERT_EQ(agent.post("/api/v1/runs/" + rejected + "/reject", "", {kStaff}).status, 200);
  EXPECT_EQ(agent.runWhenFinished(rejected)["status"], "rejected");

  const std::string expired = start();
  run = agent.runWhenFinished(expired);  // approval_ttl: 3s
  EXPECT_EQ(run["status"], "rejected");
  EXPECT_NE(run["error"].get<std::string>().find("approval expired"), std::string::npos);

  // The CLI decides too: the daemon picks the decision up from the state dir.
  const std::string byCli = start();
  int code = -1;
  const std::string said = agent.cli({"runs", "approve", byCli}, &code);
  EXPECT_EQ(code, 0) << said;
  EXPECT_EQ(agent.runWhenFinished(byCli)["status"], "success");
}

const char* kDiskAlert = R"(name: on-disk-alert
triggers:
  - alert: {alertname: DiskAlmostFull}
steps:
  - id: note
    action: exec
    with: {argv: [echo, "{{ trigger.labels.mountpoint }}"]}
)";

std::string alertPayload(const std::string& status, const std::string& alertname) {
  return R"({"version":"4","groupKey":"{}:{}","status":")" + status +
         R"(","receiver":"unyo","groupLabels":{},"commonLabels":{},"commonAnnotations":{},
"externalURL":"http://am:9093","alerts":[{"status":")" + status +
         R"(","labels":{"alertname":")" + alertname +
         R"(","mountpoint":"/var","severity":"warning"},"annotations":{},
"startsAt":"2026-11-28T09:00:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"",
"fingerprint":"abc)" + status + alertname + R"("}]})";
}

TEST(PlaybookIntegrationTest, AnAlertmanagerWebhookStartsTheMatchingPlaybookOnce) {
  PlaybookAgent agent(Files{{"alert.yaml", kDiskAlert}, {"hello.yaml", kHello}});
  ASSERT_TRUE(agent.waitStarted()) << agent.process().stderrText();
  auto firing = agent.post("/api/v1/alerts", alertPayload("firing", "DiskAlmostFull"), {kOps});
  ASSERT_EQ(firing.status, 200) << firing.body;
  const json runs = json::parse(firing.body)["runs"];
  ASSERT_EQ(runs.size(), 1u);
  const json run = agent.runWhenFinished(runs[0]);
  EXPECT_EQ(run["playbook"], "on-disk-alert");
  EXPECT_EQ(run["trigger"]["type"], "alert");
  EXPECT_EQ(run["steps"][0]["output"]["stdout"], "/var\n");

  // Alertmanager re-sends a firing alert: it does not start another run.
  auto again = agent.post("/api/v1/alerts", alertPayload("firing", "DiskAlmostFull"), {kOps});
  EXPECT_EQ(json::parse(again.body)["runs"].size(), 0u);
  // Resolved alerts and alerts nobody waits for start nothing.
  auto resolved = agent.post("/api/v1/alerts", alertPayload("resolved", "DiskAlmostFull"), {kOps});
  EXPECT_EQ(json::parse(resolved.body)["runs"].size(), 0u);
  auto other = agent.post("/api/v1/alerts", alertPayload("firing", "SomethingElse"), {kOps});
  EXPECT_EQ(json::parse(other.body)["runs"].size(), 0u);
  EXPECT_EQ(agent.post("/api/v1/alerts", "{\"alerts\": 3}", {kOps}).status, 400);
}

const char* kAlertedHello = R"(name: hello
labor: {manual_minutes: 12}
triggers:
  - alert: {alertname: HelloNeeded}
steps:
  - id: say
    action: exec
    with: {argv: [echo, hello]}
)";

// The same playbook started by an alert and by a person: automated and
// assisted labor, apart in the metrics and in `unyo runs`.
TEST(PlaybookIntegrationTest, AnApiRunIsAssistedAndAnAlertRunAutomated) {
  PlaybookAgent agent(Files{{"hello.yaml", kAlertedHello}});
  ASSERT_TRUE(agent.waitStarted()) << agent.process().stderrText();
  auto byPerson = agent.post("/api/v1/playbooks/hello/runs", "{}", {kOps});
  ASSERT_EQ(byPerson.status, 202) << byPerson.body;
  const std::string assistedId = json::parse(byPerson.body)["run_id"];
  EXPECT_EQ(agent.runWhenFinished(assistedId)["labor_credited"], true);
  auto firing = agent.post("/api/v1/alerts", alertPayload("firing", "HelloNeeded"), {kOps});
  ASSERT_EQ(firing.status, 200) << firing.body;
  const std::string automatedId = json::parse(firing.body)["runs"][0];
  EXPECT_EQ(agent.runWhenFinished(automatedId)["status"], "success");

  auto metrics = httpGet(agent.port(), "/metrics");
  ASSERT_TRUE(metrics) << "no response";
  for (const char* trigger : {"manual", "alert"}) {
    EXPECT_EQ(metricValue(metrics->body, std::string("unyo_labor_saved_minutes_total{playbook=\"hello\",trigger=\"") +
                                             trigger + "\"}"),
              12)
        << trigger;
  }
  EXPECT_EQ(metricValue(metrics->body,
                        "unyo_labor_saved_minutes_total{playbook=\"hello\",trigger=\"schedule\"}"),
            0);

  const std::string runs = agent.cli({"runs"});
  EXPECT_NE(runs.find("LABOR"), std::string::npos) << runs;
  EXPECT_TRUE(std::regex_search(runs, std::regex(automatedId + ".*12 min\n"))) << runs;
  EXPECT_TRUE(std::regex_search(runs, std::regex(assistedId + ".*12 min assisted\n"))) << runs;
  EXPECT_NE(runs.find("automated 12 min (\u00a51,200), assisted by a person 12 min (\u00a51,200)"),
            std::string::npos)
      << runs;
  // Any unique beginning of an id will do.
  const std::string shown = agent.cli({"runs", "show", assistedId.substr(0, assistedId.size() - 3)});
  EXPECT_NE(shown.find("run " + assistedId), std::string::npos) << shown;
  EXPECT_NE(shown.find("assisted"), std::string::npos) << shown;
}

// A dry run of a check against a closed port: still a dry run, with the
// whole plan listed and nothing counted as a failure.
TEST(PlaybookIntegrationTest, AFailingDryRunIsADryRunAndItsDiffListsEveryFile) {
  TempDir logs;
  std::vector<std::string> names;
  for (int i = 0; i < 7; ++i) {
    names.push_back("app-" + std::to_string(i) + ".log");
    writeFile(logs.path() / names.back(), "old");
  }
  const int closedPort = freeTcpPort();  // nothing listens there
  PlaybookAgent agent(
      Files{{"purge.yaml", R"(name: purge
steps:
  - id: purge
    action: file.cleanup
    with: {path: ")" + logs.path().string() + R"(", older_than: 0s, pattern: "*.log"}
  - id: probe
    action: tcp.check
    with: {host: 127.0.0.1, port: )" + std::to_string(closedPort) + R"(}
)"}},
      "", "  allowed_paths: [" + logs.path().string() + "]\n");
  ASSERT_TRUE(agent.waitStarted()) << agent.process().stderrText();
  int code = -1;
  const std::string out = agent.cli({"playbook", "run", "purge", "--dry-run", "--diff"}, &code);
  EXPECT_EQ(code, 0) << out;
  for (const auto& name : names) {
    EXPECT_NE(out.find("delete " + (logs.path() / name).string() + "\n"), std::string::npos)
        << name << "\n" << out;
    EXPECT_TRUE(std::filesystem::exists(logs.path() / name)) << name;
  }
  EXPECT_NE(out.find("result: dry_run"), std::string::npos) << out;
  EXPECT_NE(out.find("would have failed: step \"probe\" failed"), std::string::npos) << out;

  auto metrics = httpGet(agent.port(), "/metrics");
  ASSERT_TRUE(metrics) << "no response";
  EXPECT_EQ(metricValue(metrics->body, "unyo_playbook_dry_run_step_failures_total{playbook=\"purge\",step=\"probe\"}"),
            1)
      << metrics->body;
  EXPECT_EQ(metrics->body.find("result=\"failure\""), std::string::npos);
  EXPECT_EQ(metrics->body.find("unyo_playbook_step_failures_total{"), std::string::npos);

  int diffAlone = -1;
  agent.cli({"playbook", "run", "purge", "--diff"}, &diffAlone);
  EXPECT_EQ(diffAlone, 2) << "--diff without --dry-run is a usage error";
}

TEST(PlaybookIntegrationTest, ACommandWithoutItsConfigSaysHowToGiveOne) {
  TempDir dir;
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"runs"}, {"playbook", "list"}, {"report"}, {"check"}}) {
    std::vector<std::string> argv = {unyoBinary(), "--config", (dir.path() / "missing.yaml").string()};
    argv.insert(argv.end(), args.begin(), args.end());
    ChildProcess child(argv, dir.path());
    EXPECT_NE(child.waitExit(30s).value_or(0), 0) << args[0];
    const std::string err = child.stderrText();
    EXPECT_NE(err.find("--config FILE or the UNYO_CONFIG environment variable"), std::string::npos)
        << args[0] << ": " << err;
  }
}

// The processes whose command line contains `marker`.
std::vector<int> processesWith(const std::string& marker) {
  std::vector<int> found;
  DIR* proc = ::opendir("/proc");
  while (const dirent* entry = ::readdir(proc)) {
    const int pid = std::atoi(entry->d_name);
    if (pid <= 0) continue;
    std::string cmdline = readFile(std::filesystem::path("/proc") / entry->d_name / "cmdline");
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    if (cmdline.find(marker) != std::string::npos) found.push_back(pid);
  }
  ::closedir(proc);
  return found;
}

TEST(PlaybookIntegrationTest, ATimeoutKillsTheWholeProcessTree) {
  // Unusual durations mark this test's processes among everything running.
  PlaybookAgent agent(Files{{"tree.yaml", R"(name: tree
steps:
  - id: hang
    action: exec
    with: {argv: [sh, -c, "sleep 4321.5 & sleep 4321.6"]}
    timeout: 1s
)"}});
  ASSERT_TRUE(agent.waitStarted()) << agent.process().stderrText();
  int code = -1;
  const std::string out = agent.cli({"playbook", "run", "tree"}, &code);
  EXPECT_EQ(code, 1) << out;
  EXPECT_NE(out.find("timed_out"), std::string::npos) << out;
  EXPECT_TRUE(waitUntil([] { return processesWith("sleep 4321.").empty(); }, 5s))
      << "left behind: " << processesWith("sleep 4321.").size();
}

TEST(PlaybookIntegrationTest, ForbidHoldsAcrossTwoCliRuns) {
  PlaybookAgent agent(Files{{"slow.yaml", R"(name: slow
policy: {concurrency: forbid}
steps:
  - id: nap
    action: exec
    with: {argv: [sleep, "3"]}
)"}});
  ASSERT_TRUE(agent.waitStarted()) << agent.process().stderrText();
  ChildProcess first({unyoBinary(), "--config", (agent.dir() / "unyo.yaml").string(), "playbook",
                      "run", "slow"},
                     agent.dir());
  ASSERT_TRUE(waitUntil([&] { return first.stdoutText().find("run ") != std::string::npos; }, 20s));
  int code = -1;
  const std::string second = agent.cli({"playbook", "run", "slow"}, &code);
  EXPECT_EQ(code, 1) << second;
  EXPECT_NE(second.find("result: skipped"), std::string::npos) << second;
  EXPECT_EQ(first.waitExit(30s), 0) << first.stdoutText() << first.stderrText();
  // The daemon sees both runs in the shared history and counters.
  auto metrics = httpGet(agent.port(), "/metrics");
  ASSERT_TRUE(metrics) << "no response";
  EXPECT_EQ(metricValue(metrics->body,
                        "unyo_playbook_runs_total{playbook=\"slow\",result=\"skipped\",trigger=\"manual\"}"),
            1);
}

TEST(PlaybookIntegrationTest, ADryRunPrintsThePlanAndChangesNothing) {
  PlaybookAgent agent(Files{{"clean.yaml", R"(name: clean
steps:
  - id: touch
    action: exec
    with: {argv: [touch, /tmp/unyo-dry-run-must-not-exist]}
)"}});
  int code = -1;
  const std::string out = agent.cli({"playbook", "run", "clean", "--dry-run"}, &code);
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(out.find("would run: touch /tmp/unyo-dry-run-must-not-exist"), std::string::npos)
      << out;
  EXPECT_NE(out.find("result: dry_run"), std::string::npos) << out;
  EXPECT_FALSE(std::filesystem::exists("/tmp/unyo-dry-run-must-not-exist"));
  const std::string runs = agent.cli({"runs", "--playbook", "clean"});
  EXPECT_NE(runs.find("dry_run"), std::string::npos) << runs;
}

TEST(PlaybookIntegrationTest, AnInvalidPlaybookStopsStartupAndAReloadKeepsTheOldSet) {
  PlaybookAgent agent(Files{{"hello.yaml", kHello}});
  ASSERT_TRUE(agent.waitStarted()) << agent.process().stderrText();
  writeFile(agent.dir() / "playbooks" / "broken.yaml",
            "name: broken\nsteps:\n  - id: x\n    action: exec\n    with: {argvs: [true]}\n");
  agent.process().signal(SIGHUP);
  ASSERT_TRUE(waitUntil([&] {
    auto m = httpGet(agent.port(), "/metrics");
    return m && metricValue(m->body, "unyo_config_last_reload_successful") == 0;
  }, 10s));
  EXPECT_NE(agent.process().stderrText().find(
                "broken.yaml:5:12: unknown key \\\"argvs\\\" for action exec (did you mean "
                "\\\"argv\\\"?)"),
            std::string::npos)
      << agent.process().stderrText();
  auto list = httpGet(agent.port(), "/api/v1/playbooks", {kViewer});
  ASSERT_TRUE(list) << "no response";
  EXPECT_EQ(json::parse(list->body)["playbooks"].size(), 1u);

  int code = -1;
  const std::string check = agent.cli({"check"}, &code);
  EXPECT_EQ(code, 1);
  EXPECT_NE(check.find("broken.yaml:5:12"), std::string::npos) << check;
  agent.process().signal(SIGTERM);
  agent.process().waitExit(10s);
  ChildProcess refused({unyoBinary(), "run", "--config", (agent.dir() / "unyo.yaml").string()},
                       agent.dir());
  EXPECT_EQ(refused.waitExit(20s), 2);
  EXPECT_NE(refused.stderrText().find("broken.yaml:5:12"), std::string::npos);
}

TEST(PlaybookIntegrationTest, StoppingTheDaemonEndsRunningStepsQuickly) {
  PlaybookAgent agent(Files{{"long.yaml", R"(name: long
steps:
  - id: nap
    action: exec
    with: {argv: [sleep, "4322.5"]}
)"}});
  ASSERT_TRUE(agent.waitStarted()) << agent.process().stderrText();
  auto started = agent.post("/api/v1/playbooks/long/runs", "{}", {kOps});
  ASSERT_EQ(started.status, 202);
  const std::string id = json::parse(started.body)["run_id"];
  ASSERT_TRUE(waitUntil([] { return !processesWith("sleep 4322.5").empty(); }, 10s));
  agent.process().signal(SIGTERM);
  EXPECT_EQ(agent.process().waitExit(2500ms), 0) << agent.process().stderrText();
  EXPECT_TRUE(waitUntil([] { return processesWith("sleep 4322.5").empty(); }, 2s));
  int code = -1;
  const std::string shown = agent.cli({"runs", "show", id}, &code);
  EXPECT_NE(shown.find("interrupted"), std::string::npos) << shown;
}

// The runs of `playbook` the API lists; an HTTP error fails the test.
std::size_t runCount(PlaybookAgent& agent, const std::string& playbook) {
  auto reply = httpGet(agent.port(), "/api/v1/runs?playbook=" + playbook, {kViewer});
  if (!reply) {
    ADD_FAILURE() << "GET /api/v1/runs?playbook=" << playbook << ": no response";
    return 0;
  }
  if (reply->status != 200) {
    ADD_FAILURE() << "GET /api/v1/runs?playbook=" << playbook << ": " << reply->status << " "
                  << reply->body;
    return 0;
  }
  return json::parse(reply->body)["runs"].size();
}

// What the daemon's latest sample says: the load it read and when it took
// the sample (node_time_seconds, its own clock). A scrape hands out a sample
// only after the condition triggers have seen it, so whatever a sample
// could trigger has been submitted by the time the scrape answers.
struct Sample {
  double load1 = std::nan("");
  double unixSeconds = std::nan("");
};

std::optional<Sample> latestSample(int port) {
  auto reply = httpGet(port, "/metrics");
  if (!reply || reply->status != 200) return std::nullopt;
  return Sample{metricValue(reply->body, "node_load1"),
                metricValue(reply->body, "node_time_seconds")};
}

// Waits until the daemon has sampled load `load1` and returns that
// sample's time; NaN (and a test failure) when it never does.
double waitForLoad(int port, double load1) {
  double at = std::nan("");
  const bool seen = waitUntil(
      [&] {
        auto sample = latestSample(port);
        if (sample && sample->load1 == load1) at = sample->unixSeconds;
        return !std::isnan(at);
      },
      20s);
  EXPECT_TRUE(seen) << "the daemon never sampled load " << load1;
  return at;
}

// Waits until the daemon has taken a sample at `unixSeconds` or later: every
// sample up to then has been through the condition triggers.
bool waitForSampleAt(int port, double unixSeconds) {
  return waitUntil(
      [&] {
        auto sample = latestSample(port);
        return sample && sample->unixSeconds >= unixSeconds;
      },
      20s);
}

TEST(PlaybookIntegrationTest, AConditionFiresOnceAfterHoldingAndRespectsItsCooldown) {
  // A procfs of our own whose load average the test sets.
  TempDir proc;
  std::filesystem::copy(requiredEnv("UNYO_FIXTURES") + "/proc", proc.path(),
                        std::filesystem::copy_options::recursive);
  auto setLoad = [&](const char* load) {
    writeFile(proc.path() / "loadavg", std::string(load) + " 0.50 0.40 1/100 4242\n");
  };
  // Longer than the trigger's `for`: a condition held this long would fire.
  constexpr double kLongerThanFor = 2.5;
  setLoad("0.50");
  PlaybookAgent agent(Files{{"load.yaml", R"(name: on-load
triggers:
  - condition: 'node_load1 > 4'
    for: 2s
    cooldown: 1h
steps:
  - id: note
    action: exec
    with: {argv: [echo, "load is high"]}
)"}},
                      "collectors:\n  interval: 1s\n  min_interval: 500ms\n  paths: {procfs: " +
                          proc.path().string() + "}\n");
  ASSERT_TRUE(agent.waitStarted()) << agent.process().stderrText();
  // The condition is false for longer than `for`: nothing may happen.
  const double low = waitForLoad(agent.port(), 0.5);
  ASSERT_FALSE(std::isnan(low));
  ASSERT_TRUE(waitForSampleAt(agent.port(), low + kLongerThanFor));
  EXPECT_EQ(runCount(agent, "on-load"), 0u);

  setLoad("5.00");
  const auto high = std::chrono::system_clock::now();
  ASSERT_TRUE(waitUntil([&] { return runCount(agent, "on-load") == 1; }, 20s))
      << agent.process().stderrText();
  auto runs = httpGet(agent.port(), "/api/v1/runs?playbook=on-load", {kViewer});
  ASSERT_TRUE(runs) << "no response";
  ASSERT_EQ(runs->status, 200) << runs->body;
  EXPECT_EQ(json::parse(runs->body)["runs"][0]["trigger"]["type"], "condition");
  // It waited for the condition to hold `for` 2s (the lower bound is what matters).
  const auto waited = std::chrono::system_clock::now() - high;
  EXPECT_GE(waited, 2s);

  // Still high for longer than `for` again: one run per episode.
  const auto fired = latestSample(agent.port());
  ASSERT_TRUE(fired);
  ASSERT_TRUE(waitForSampleAt(agent.port(), fired->unixSeconds + kLongerThanFor));
  EXPECT_EQ(runCount(agent, "on-load"), 1u);

  // The episode ends once the daemon samples a low load.
  setLoad("0.50");
  ASSERT_FALSE(std::isnan(waitForLoad(agent.port(), 0.5)));
  // A new episode held for longer than `for`, but within the 1h cooldown.
  setLoad("5.00");
  const double again = waitForLoad(agent.port(), 5.0);
  ASSERT_FALSE(std::isnan(again));
  ASSERT_TRUE(waitForSampleAt(agent.port(), again + kLongerThanFor));
  EXPECT_EQ(runCount(agent, "on-load"), 1u);
}

}  // namespace
}  // namespace unyo::testing
