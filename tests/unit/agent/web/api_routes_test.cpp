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

const char* kHello = R"(
name: hello
labor: {manual_minutes: 12}
params:
  who: {type: string, default: world}
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
                    token("viewer", "viewer-token", ApiRole::read)});
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

  exporter::BearerAuth auth;
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

}  // namespace
}  // namespace unyo::agent
