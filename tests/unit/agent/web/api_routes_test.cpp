// The HTTP API's handlers behind the router and bearer tokens, against a
// real engine with fake processes and a fake clock: starting runs, bad
// bodies, listing and showing runs, approvals and a stopping engine.

#include "agent/web/api_routes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <nlohmann/json.hpp>

#include "exporter/request_target.h"
#include "unit/playbooks/engine/engine_test_support.h"

namespace unyo::agent {
namespace {

using exporter::ApiRole;
using exporter::ApiTokenEntry;
using exporter::HttpRequest;
using exporter::HttpResponse;
using nlohmann::json;
using testing::FakeProcessRunner;

const std::string kOps = "Bearer op-token";
const std::string kStaff = "Bearer staff-token";
const std::string kViewer = "Bearer viewer-token";
const std::string kAlerter = "Bearer alert-token";

const char* kHello = R"(
name: hello
labor: {manual_minutes: 12}
params:
  who: {type: string, default: world, overridable: true, pattern: "[a-z]+"}
steps:
  - id: say
    action: exec
    with: {argv: [echo, "hello {{ params.who }}"]}
)";

const char* kRisky = R"(
name: risky
policy: {approval: required, approval_ttl: 1h}
steps:
  - id: go
    action: exec
    with: {argv: [echo, risky]}
)";

class ApiRoutesTest : public testing::EngineFixture {
 protected:
  ApiRoutesTest() {
    processes.onPrefix({"echo"}, FakeProcessRunner::exited(0, "said\n"));
    auth.setTokens({token("ops", "op-token", ApiRole::operate),
                    token("staff", "staff-token", ApiRole::approve),
                    token("viewer", "viewer-token", ApiRole::read),
                    token("alertmanager", "alert-token", ApiRole::alert)});
    routes.install(router);
    loadAll({kHello, kRisky});
    triggers.setPlaybooks(engine->playbooks());
  }

  static ApiTokenEntry token(std::string name, std::string_view secret, ApiRole role) {
    ApiTokenEntry entry;
    entry.name = std::move(name);
    entry.sha256 = exporter::sha256(secret);
    entry.role = role;
    return entry;
  }

  // Sends one request through the router (as the server would) and runs
  // the loop until it is answered.
  HttpResponse call(std::string method, const std::string& target, const std::string& bearer,
                    std::string body = "") {
    HttpRequest request;
    request.method = std::move(method);
    request.target = target;
    auto parsed = exporter::parseRequestTarget(target);
    EXPECT_TRUE(parsed) << target;
    if (parsed) {
      request.path = parsed->path;
      request.query = parsed->query;
    }
    if (!bearer.empty()) request.headers.emplace_back("Authorization", bearer);
    if (!body.empty()) request.headers.emplace_back("Content-Type", "application/json");
    request.body = std::move(body);
    request.remoteAddress = "127.0.0.1:40000";

    std::optional<HttpResponse> response;
    boost::asio::co_spawn(io, router.handle(request),
                          [&](std::exception_ptr error, HttpResponse answer) {
                            EXPECT_FALSE(error) << request.method << " " << target << " threw";
                            response = std::move(answer);
                          });
    EXPECT_TRUE(runUntil([&] { return response.has_value(); }))
        << request.method << " " << target << " was never answered";
    HttpResponse none;
    none.status = 0;
    return response.value_or(none);
  }

  HttpResponse post(const std::string& target, const std::string& body,
                    const std::string& bearer = kOps) {
    return call("POST", target, bearer, body);
  }
  HttpResponse get(const std::string& target, const std::string& bearer = kViewer) {
    return call("GET", target, bearer);
  }

  // Starts a run through the API, expecting 202; its id.
  std::string start(const std::string& playbook, const std::string& body = "{}") {
    const HttpResponse response = post("/api/v1/playbooks/" + playbook + "/runs", body);
    EXPECT_EQ(response.status, 202) << response.body;
    if (response.status != 202) return "";
    return json::parse(response.body)["run_id"].get<std::string>();
  }

  // Runs the loop until run `id` has finished; its record as the API shows it.
  json finished(const std::string& id) {
    EXPECT_TRUE(runUntil([&] { return !engine->activeRun(id); })) << "run " << id;
    const HttpResponse shown = get("/api/v1/runs/" + id);
    EXPECT_EQ(shown.status, 200) << shown.body;
    return shown.status == 200 ? json::parse(shown.body) : json();
  }

  std::size_t recordedRuns() {
    auto runs = engine->history().list(std::nullopt, 0);
    EXPECT_TRUE(runs);
    return runs ? runs->size() : 0;
  }

  static std::string header(const HttpResponse& response, std::string_view name) {
    auto value = exporter::findHeader(response.headers, name);
    return value ? std::string(*value) : "";
  }

  static json errorOf(const HttpResponse& response) {
    json body = json::parse(response.body, nullptr, false);
    EXPECT_FALSE(body.is_discarded()) << response.body;
    return body;
  }

  exporter::BearerAuth auth{clock};
  playbooks::TriggerScheduler triggers{system, *engine};
  ApiRoutes routes{*engine, triggers, auth};
  exporter::Router router;
};

TEST_F(ApiRoutesTest, StartingARunAnswers202WithItsLocation) {
  const HttpResponse response = post("/api/v1/playbooks/hello/runs", "{}");
  ASSERT_EQ(response.status, 202) << response.body;
  const json body = json::parse(response.body);
  const std::string id = body["run_id"];
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(header(response, "Location"), "/api/v1/runs/" + id);
  EXPECT_EQ(response.contentType.rfind("application/json", 0), 0u) << response.contentType;
  EXPECT_TRUE(body["status"] == "queued" || body["status"] == "running") << body;

  const json run = finished(id);
  EXPECT_EQ(run["id"], id);
  EXPECT_EQ(run["playbook"], "hello");
  EXPECT_EQ(run["status"], "success");
  EXPECT_EQ(run["dry_run"], false);
  EXPECT_EQ(run["trigger"]["type"], "manual");
  EXPECT_EQ(run["trigger"]["requested_by"], "api:ops");
  EXPECT_EQ(processes.argvs(), (std::vector<std::vector<std::string>>{{"echo", "hello world"}}));
}

TEST_F(ApiRoutesTest, AnEmptyBodyStartsARunWithDefaults) {
  const std::string id = start("hello", "");
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(finished(id)["status"], "success");
}

TEST_F(ApiRoutesTest, ParamsAndDryRunReachTheRun) {
  const std::string id = start("hello", R"({"params": {"who": "staff"}, "dry_run": true})");
  ASSERT_FALSE(id.empty());
  const json run = finished(id);
  EXPECT_EQ(run["status"], "dry_run");
  EXPECT_EQ(run["dry_run"], true);
  EXPECT_EQ(run["params"]["who"], "staff");
  EXPECT_TRUE(processes.argvs().empty()) << "a dry run ran a process";
}

TEST_F(ApiRoutesTest, AnUnknownPlaybookIs404) {
  const HttpResponse response = post("/api/v1/playbooks/nope/runs", "{}");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(errorOf(response)["error"], "not_found");
  EXPECT_EQ(errorOf(response)["detail"], "no playbook \"nope\"");
  EXPECT_EQ(recordedRuns(), 0u);
}

TEST_F(ApiRoutesTest, BadBodiesAre400AndStartNothing) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"not json", "the body must be a JSON object"},
      {"{\"params\": {}", "the body must be a JSON object"},
      {"[]", "the body must be a JSON object"},
      {"3", "the body must be a JSON object"},
      {"\"run\"", "the body must be a JSON object"},
      {"null", "the body must be a JSON object"},
      {R"({"force": true})", "unknown field \"force\""},
      {R"({"params": {}, "dryRun": true})", "unknown field \"dryRun\""},
      {R"({"dry_run": "yes"})", "dry_run must be true or false"},
      {R"({"dry_run": 1})", "dry_run must be true or false"},
      {R"({"dry_run": null})", "dry_run must be true or false"},
      {R"({"params": []})", "params must be an object"},
      {R"({"params": "who=staff"})", "params must be an object"},
      {R"({"params": null})", "params must be an object"},
  };
  for (const auto& [body, detail] : cases) {
    const HttpResponse response = post("/api/v1/playbooks/hello/runs", body);
    EXPECT_EQ(response.status, 400) << body;
    const json error = errorOf(response);
    EXPECT_EQ(error["error"], "bad_request") << body;
    EXPECT_NE(error["detail"].get<std::string>().find(detail), std::string::npos)
        << body << " -> " << error["detail"];
  }
  EXPECT_EQ(recordedRuns(), 0u);
  EXPECT_TRUE(engine->activeRuns().empty());
}

TEST_F(ApiRoutesTest, AnUnknownParamIs400) {
  const HttpResponse response = post("/api/v1/playbooks/hello/runs", R"({"params": {"x": 1}})");
  EXPECT_EQ(response.status, 400) << response.body;
  EXPECT_EQ(errorOf(response)["error"], "bad_request");
  EXPECT_NE(errorOf(response)["detail"].get<std::string>().find("unknown param"),
            std::string::npos)
      << response.body;
  EXPECT_EQ(recordedRuns(), 0u);
}

TEST_F(ApiRoutesTest, StartingNeedsTheOperateRole) {
  EXPECT_EQ(post("/api/v1/playbooks/hello/runs", "{}", kViewer).status, 403);
  EXPECT_EQ(post("/api/v1/playbooks/hello/runs", "{}", kStaff).status, 403);
  EXPECT_EQ(post("/api/v1/playbooks/hello/runs", "{}", "").status, 401);
  EXPECT_EQ(recordedRuns(), 0u);
}

TEST_F(ApiRoutesTest, AStoppingEngineIs503) {
  engine->stop();
  const HttpResponse response = post("/api/v1/playbooks/hello/runs", "{}");
  EXPECT_EQ(response.status, 503) << response.body;
  EXPECT_EQ(errorOf(response)["error"], "unavailable");
  EXPECT_EQ(recordedRuns(), 0u);
}

TEST_F(ApiRoutesTest, ListsRunsNewestFirstWithinTheLimit) {
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    ids.push_back(start("hello"));
    finished(ids.back());
    clock.advance(std::chrono::seconds(1));  // distinct, ordered creation times
  }
  auto listed = [&](const std::string& query) {
    const HttpResponse response = get("/api/v1/runs" + query);
    EXPECT_EQ(response.status, 200) << query << ": " << response.body;
    std::vector<std::string> out;
    if (response.status != 200) return out;
    const json body = json::parse(response.body);
    for (const auto& run : body["runs"]) out.push_back(run["id"]);
    return out;
  };
  EXPECT_EQ(listed(""), (std::vector<std::string>{ids[2], ids[1], ids[0]}));
  EXPECT_EQ(listed("?limit=1"), (std::vector<std::string>{ids[2]}));
  EXPECT_EQ(listed("?limit=2"), (std::vector<std::string>{ids[2], ids[1]}));
  EXPECT_EQ(listed("?limit=5000").size(), 3u);
  EXPECT_EQ(listed("?playbook=hello&limit=2").size(), 2u);
  EXPECT_TRUE(listed("?playbook=risky").empty());
}

TEST_F(ApiRoutesTest, ALimitOutsideOneTo5000Is400) {
  for (const std::string limit : {"0", "5001", "-1", "abc", "", "10x", "1.5", "99999999999999999999"}) {
    const HttpResponse response = get("/api/v1/runs?limit=" + limit);
    EXPECT_EQ(response.status, 400) << "limit=" << limit;
    EXPECT_EQ(errorOf(response)["detail"], "limit must be a number from 1 to 5000")
        << "limit=" << limit;
  }
}

TEST_F(ApiRoutesTest, ShowsARunAnd404ForAnUnknownOne) {
  const std::string id = start("hello");
  const json run = finished(id);
  EXPECT_EQ(run["id"], id);
  EXPECT_EQ(run["steps"][0]["id"], "say");
  EXPECT_EQ(run["steps"][0]["output"]["stdout"], "said\n");

  const HttpResponse missing = get("/api/v1/runs/20260401T000000Z-000000");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(errorOf(missing)["error"], "not_found");
  EXPECT_EQ(get("/api/v1/runs/" + id, "").status, 401);
}

TEST_F(ApiRoutesTest, ShowsARunStillWaitingForApproval) {
  const std::string id = start("risky");
  const HttpResponse shown = get("/api/v1/runs/" + id);
  ASSERT_EQ(shown.status, 200);
  EXPECT_EQ(json::parse(shown.body)["status"], "pending");
}

TEST_F(ApiRoutesTest, AnApprovedRunRuns) {
  const HttpResponse started = post("/api/v1/playbooks/risky/runs", "{}");
  ASSERT_EQ(started.status, 202);
  EXPECT_EQ(json::parse(started.body)["status"], "pending");
  const std::string id = json::parse(started.body)["run_id"];
  // Operating is not approving: the operator cannot approve their own run.
  EXPECT_EQ(post("/api/v1/runs/" + id + "/approve", "", kOps).status, 403);
  EXPECT_TRUE(processes.argvs().empty());

  const HttpResponse decision = post("/api/v1/runs/" + id + "/approve", "", kStaff);
  ASSERT_EQ(decision.status, 200) << decision.body;
  EXPECT_EQ(json::parse(decision.body), (json{{"run_id", id}, {"decision", "approved"}}));
  const json run = finished(id);
  EXPECT_EQ(run["status"], "success");
  EXPECT_EQ(run["decided_by"], "api:staff");
  EXPECT_EQ(processes.argvs(), (std::vector<std::vector<std::string>>{{"echo", "risky"}}));

  // Decided once: deciding again is a conflict.
  const HttpResponse again = post("/api/v1/runs/" + id + "/approve", "", kStaff);
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(errorOf(again)["error"], "conflict");
  EXPECT_EQ(post("/api/v1/runs/" + id + "/reject", "", kStaff).status, 409);
}

TEST_F(ApiRoutesTest, ARejectedRunNeverRuns) {
  const std::string id = start("risky");
  const HttpResponse decision = post("/api/v1/runs/" + id + "/reject", "", kStaff);
  ASSERT_EQ(decision.status, 200) << decision.body;
  EXPECT_EQ(json::parse(decision.body)["decision"], "rejected");
  const json run = finished(id);
  EXPECT_EQ(run["status"], "rejected");
  EXPECT_EQ(run["decided_by"], "api:staff");
  EXPECT_TRUE(processes.argvs().empty());
}

TEST_F(ApiRoutesTest, OnlyPendingRunsCanBeDecided) {
  const std::string id = start("hello");  // needs no approval
  finished(id);
  const HttpResponse decided = post("/api/v1/runs/" + id + "/approve", "", kStaff);
  EXPECT_EQ(decided.status, 409) << decided.body;
  EXPECT_EQ(errorOf(decided)["detail"], "run " + id + " is success, not pending");

  const HttpResponse unknown = post("/api/v1/runs/20260401T000000Z-000000/approve", "", kStaff);
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  EXPECT_EQ(post("/api/v1/runs/20260401T000000Z-000000/reject", "", kStaff).status, 404);
}

TEST_F(ApiRoutesTest, ListsAndShowsPlaybooks) {
  const HttpResponse list = get("/api/v1/playbooks");
  ASSERT_EQ(list.status, 200) << list.body;
  std::vector<std::string> names;
  const json body = json::parse(list.body);
  for (const auto& p : body["playbooks"]) names.push_back(p["name"]);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"hello", "risky"}));

  const HttpResponse shown = get("/api/v1/playbooks/hello");
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(json::parse(shown.body)["name"], "hello");
  EXPECT_EQ(get("/api/v1/playbooks/nope").status, 404);
}

TEST_F(ApiRoutesTest, AlertsFromAStoppingAgentAre503SoAlertmanagerRetries) {
  loadAll({R"(
name: on-disk
triggers:
  - alert: {alertname: DiskAlmostFull}
steps:
  - id: s
    action: exec
    with: {argv: [echo, disk]}
)"});
  triggers.setPlaybooks(engine->playbooks());
  const std::string alert =
      R"({"version":"4","status":"firing","alerts":[{"status":"firing",)"
      R"("labels":{"alertname":"DiskAlmostFull"},"startsAt":"2026-04-01T00:00:00Z","fingerprint":"f"}]})";
  EXPECT_EQ(post("/api/v1/alerts", "{\"alerts\": 3}").status, 400);
  engine->stop();
  EXPECT_EQ(post("/api/v1/alerts", alert).status, 503);
}

const char* kOnDisk = R"(
name: on-disk
triggers:
  - alert: {alertname: DiskAlmostFull}
steps:
  - id: s
    action: exec
    with: {argv: [echo, disk]}
)";

std::string alertPayload(const std::string& fingerprint, const std::string& labels =
                                                             R"({"alertname":"DiskAlmostFull"})") {
  return R"({"version":"4","status":"firing","alerts":[{"status":"firing","labels":)" + labels +
         R"(,"startsAt":"2026-04-01T00:00:00Z","fingerprint":")" + fingerprint + R"("}]})";
}

// A megabyte of "[[[[…": the parser must never see it.
std::string megabyteOfArrays() { return std::string(1 << 20, '['); }

TEST_F(ApiRoutesTest, DeeplyNestedParamsAre400AndStartNothing) {
  const HttpResponse response =
      post("/api/v1/playbooks/hello/runs", R"({"params": {"who": )" + megabyteOfArrays());
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(errorOf(response)["detail"].get<std::string>().find("deeper than 32"),
            std::string::npos)
      << response.body;
  std::string wide = R"({"params": {"who": [)";
  for (int i = 0; i < 10'001; ++i) wide += i ? ",1" : "1";
  EXPECT_EQ(post("/api/v1/playbooks/hello/runs", wide + "]}}").status, 400);
  EXPECT_EQ(recordedRuns(), 0u);
}

TEST_F(ApiRoutesTest, AnAlertTokenMayPostAlertsAndNothingElse) {
  loadAll({kHello, kOnDisk});
  triggers.setPlaybooks(engine->playbooks());
  EXPECT_EQ(post("/api/v1/alerts", alertPayload("a1"), kAlerter).status, 200);
  EXPECT_EQ(get("/api/v1/playbooks", kAlerter).status, 403);
  EXPECT_EQ(get("/api/v1/runs", kAlerter).status, 403);
  EXPECT_EQ(post("/api/v1/playbooks/hello/runs", "{}", kAlerter).status, 403);
  EXPECT_EQ(post("/api/v1/alerts", alertPayload("a2"), kViewer).status, 403);
  EXPECT_EQ(post("/api/v1/alerts", alertPayload("a3"), kStaff).status, 403);
}

TEST_F(ApiRoutesTest, DeepOrHugeAlertPayloadsAre400) {
  loadAll({kOnDisk});
  triggers.setPlaybooks(engine->playbooks());
  EXPECT_EQ(post("/api/v1/alerts", alertPayload("d", megabyteOfArrays()), kAlerter).status, 400);
  EXPECT_EQ(post("/api/v1/alerts", megabyteOfArrays(), kAlerter).status, 400);
  std::string many = R"({"version":"4","alerts":[)";
  for (int i = 0; i < 1001; ++i) {
    many += (i ? "," : "") + std::string(R"({"status":"firing","labels":{"alertname":"x"}})");
  }
  const HttpResponse tooMany = post("/api/v1/alerts", many + "]}", kAlerter);
  EXPECT_EQ(tooMany.status, 400);
  EXPECT_NE(tooMany.body.find("more than 1000 alerts"), std::string::npos) << tooMany.body;
  EXPECT_EQ(recordedRuns(), 0u);
}

class PendingRunsCapTest : public ApiRoutesTest {
 protected:
  PendingRunsCapTest() {
    playbooks::EngineOptions options;
    options.stateDir = dir.path();
    options.pollInterval = std::chrono::milliseconds(20);
    options.maxPendingRuns = 2;
    engine->setOptions(options);
    loadAll({kHello, kRisky, kOnDisk});
    triggers.setPlaybooks(engine->playbooks());
  }
};

TEST_F(PendingRunsCapTest, BeyondMaxPendingRunsStartingARunIs429) {
  const std::string first = start("risky");
  start("risky");  // both wait for approval
  const HttpResponse refused = post("/api/v1/playbooks/hello/runs", "{}");
  EXPECT_EQ(refused.status, 429) << refused.body;
  EXPECT_EQ(errorOf(refused)["error"], "too_many_runs");
  EXPECT_EQ(header(refused, "Retry-After"), "30");
  EXPECT_EQ(recordedRuns(), 2u);
  // Once one has ended there is room again.
  EXPECT_EQ(post("/api/v1/runs/" + first + "/reject", "", kStaff).status, 200);
  ASSERT_TRUE(runUntil([&] { return !engine->activeRun(first); }));
  EXPECT_EQ(post("/api/v1/playbooks/hello/runs", "{}").status, 202);
}

TEST_F(PendingRunsCapTest, BeyondMaxPendingRunsAlertsAre503SoAlertmanagerRetries) {
  const std::string first = start("risky");
  start("risky");
  const HttpResponse busy = post("/api/v1/alerts", alertPayload("f"), kAlerter);
  EXPECT_EQ(busy.status, 503) << busy.body;
  EXPECT_EQ(header(busy, "Retry-After"), "30");
  EXPECT_EQ(recordedRuns(), 2u);
  EXPECT_EQ(post("/api/v1/runs/" + first + "/reject", "", kStaff).status, 200);
  ASSERT_TRUE(runUntil([&] { return !engine->activeRun(first); }));
  // Alertmanager's retry of the same alert now starts its run.
  const HttpResponse retried = post("/api/v1/alerts", alertPayload("f"), kAlerter);
  EXPECT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(json::parse(retried.body)["runs"].size(), 1u);
}

TEST_F(ApiRoutesTest, ThePlaybookListShowsTheLastRunWithoutReadingTheHistory) {
  const std::string id = start("hello");
  finished(id);
  std::filesystem::remove(engine->history().file());  // the list must not need it
  const HttpResponse listed = get("/api/v1/playbooks");
  ASSERT_EQ(listed.status, 200) << listed.body;
  bool found = false;
  const json body = json::parse(listed.body);
  for (const auto& p : body["playbooks"]) {
    if (p["name"] != "hello") continue;
    found = true;
    ASSERT_TRUE(p["last_run"].is_object()) << p;
    EXPECT_EQ(p["last_run"]["id"], id) << p;
  }
  EXPECT_TRUE(found) << listed.body;
}

TEST_F(ApiRoutesTest, RepeatedBadTokensFromOneAddressGet429) {
  for (int i = 0; i < 10; ++i) EXPECT_EQ(get("/api/v1/playbooks", "Bearer wrong").status, 401);
  const HttpResponse blocked = get("/api/v1/playbooks");
  EXPECT_EQ(blocked.status, 429);
  EXPECT_FALSE(header(blocked, "Retry-After").empty());
  clock.advance(std::chrono::minutes(1));
  EXPECT_EQ(get("/api/v1/playbooks").status, 200);
}


// Params are locked unless the playbook opens them, and opened ones keep
// their bounds: the playbook library's purge-old-logs, and a playbook whose
// path param may point only below a folder of this test.
class ApiParamsTest : public ApiRoutesTest {
 protected:
  ApiParamsTest() {
    std::filesystem::create_directories(root / "log/app");
    std::filesystem::create_directories(root / "data");
    unyo::testing::writeFile(root / "data/precious.db", "keep me");
    std::filesystem::create_directory_symlink(root / "data", root / "log/out");
    const char* fixtures = std::getenv("UNYO_FIXTURES");
    const auto library = std::filesystem::path(fixtures ? fixtures : "tests/fixtures")
                             .parent_path()
                             .parent_path() /
                         "playbooks/library/purge-old-logs.yaml";
    auto purge = playbooks::parsePlaybook(unyo::testing::readFile(library), library.string());
    EXPECT_TRUE(purge) << (purge ? "" : purge.error().toString());
    auto logs = playbooks::parsePlaybook(R"(
name: logs
params:
  dir: {type: path, default: )" + (root / "log/app").string() +
                                            ", overridable: true, under: [" +
                                            (root / "log").string() + R"(]}
  tag: {type: string, default: nightly}
steps:
  - id: say
    action: exec
    with: {argv: [echo, "{{ params.dir }}"]}
)",
                                        "logs.yaml");
    EXPECT_TRUE(logs) << (logs ? "" : logs.error().toString());
    if (purge && logs) engine->setPlaybooks({*purge, *logs});
  }

  // POSTs a run of `playbook`, expecting 400 naming `param`; nothing recorded.
  void expectRefused(const std::string& playbook, const std::string& body,
                     const std::string& param) {
    const HttpResponse response = post("/api/v1/playbooks/" + playbook + "/runs", body);
    EXPECT_EQ(response.status, 400) << body << " -> " << response.body;
    const std::string detail = errorOf(response).value("detail", "");
    EXPECT_NE(detail.find("param \"" + param + "\""), std::string::npos) << detail;
    EXPECT_EQ(recordedRuns(), 0u) << body;
  }

  unyo::testing::TempDir tmp;
  const std::filesystem::path root = std::filesystem::canonical(tmp.path());
};

TEST_F(ApiParamsTest, PurgingAnyFolderWithTheLibraryPlaybookIs400AndDeletesNothing) {
  const std::string attack = R"({"params":{"log_dir":")" + (root / "data").string() +
                             R"(","pattern":"*","days":0,"keep_newest":0}})";
  expectRefused("purge-old-logs", attack, "log_dir");
  // Each bound on its own, too.
  expectRefused("purge-old-logs", R"({"params":{"pattern":"*"}})", "pattern");
  expectRefused("purge-old-logs", R"({"params":{"days":0}})", "days");
  expectRefused("purge-old-logs", R"({"params":{"keep_newest":0}})", "keep_newest");
  expectRefused("purge-old-logs", R"({"params":{"log_dir":"/var/log/../../etc"}})", "log_dir");
  io.run_for(std::chrono::milliseconds(100));
  EXPECT_EQ(unyo::testing::readFile(root / "data/precious.db"), "keep me");
  EXPECT_TRUE(engine->activeRuns().empty());
}

TEST_F(ApiParamsTest, APathOutsideItsFolderIs400) {
  expectRefused("logs", R"({"params":{"dir":")" + (root / "data").string() + R"("}})", "dir");
  expectRefused("logs", R"({"params":{"dir":")" + root.string() + R"(/logx"}})", "dir");
  expectRefused("logs", R"({"params":{"dir":"log/app"}})", "dir");
}

TEST_F(ApiParamsTest, DotDotAndALinkLeadingOutAre400) {
  expectRefused("logs", R"({"params":{"dir":")" + (root / "log/../data").string() + R"("}})",
                "dir");
  expectRefused("logs", R"({"params":{"dir":")" + (root / "log/out").string() + R"("}})", "dir");
  EXPECT_TRUE(processes.argvs().empty());
}

TEST_F(ApiParamsTest, APathWithinItsFolderIs202) {
  const std::string id =
      start("logs", R"({"params":{"dir":")" + (root / "log/app/").string() + R"("}})");
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(finished(id)["status"], "success");
  EXPECT_EQ(processes.argvs(),
            (std::vector<std::vector<std::string>>{{"echo", (root / "log/app").string()}}));
}

TEST_F(ApiParamsTest, ALockedParamIs400NamingIt) {
  const HttpResponse response = post("/api/v1/playbooks/logs/runs", R"({"params":{"tag":"x"}})");
  EXPECT_EQ(response.status, 400) << response.body;
  EXPECT_NE(errorOf(response).value("detail", "").find("param \"tag\": locked"),
            std::string::npos)
      << response.body;
  EXPECT_EQ(recordedRuns(), 0u);
}

}  // namespace
}  // namespace unyo::agent
