#include "agent/web/api_routes.h"

#include <charconv>

#include "agent/web/playbook_view.h"
#include "base/json_limits.h"

namespace unyo::agent {
namespace {

using exporter::ApiRole;
using exporter::HttpRequest;
using exporter::HttpResponse;
using nlohmann::json;

std::string caller(const HttpRequest& request) {
  return "api:" + std::string(request.header("X-Unyo-Token-Name"));
}

// What one GET /api/v1/runs reads of runs.jsonl at most: the newest
// records, so a large history never stalls the event loop for long.
constexpr std::size_t kMaxHistoryBytesPerList = 8u << 20;

}  // namespace

void ApiRoutes::install(exporter::Router& router) {
  auto sync = [](auto member, auto* self) {
    return [member, self](const HttpRequest& request) -> boost::asio::awaitable<HttpResponse> {
      co_return (self->*member)(request);
    };
  };
  router.add("GET", "/api/v1/playbooks",
             auth_.require(ApiRole::read, sync(&ApiRoutes::listPlaybooks, this)));
  router.add("GET", "/api/v1/playbooks/{name}",
             auth_.require(ApiRole::read, sync(&ApiRoutes::showPlaybook, this)));
  router.add("POST", "/api/v1/playbooks/{name}/runs",
             auth_.require(ApiRole::operate, sync(&ApiRoutes::startRun, this)));
  router.add("GET", "/api/v1/runs", auth_.require(ApiRole::read, sync(&ApiRoutes::listRuns, this)));
  router.add("GET", "/api/v1/runs/{id}",
             auth_.require(ApiRole::read, sync(&ApiRoutes::showRun, this)));
  router.add("POST", "/api/v1/runs/{id}/approve",
             auth_.require(ApiRole::approve, [this](const HttpRequest& request)
                                                 -> boost::asio::awaitable<HttpResponse> {
               co_return decide(request, true);
             }));
  router.add("POST", "/api/v1/runs/{id}/reject",
             auth_.require(ApiRole::approve, [this](const HttpRequest& request)
                                                 -> boost::asio::awaitable<HttpResponse> {
               co_return decide(request, false);
             }));
  router.add("POST", "/api/v1/alerts",
             auth_.require(ApiRole::alert, sync(&ApiRoutes::receiveAlerts, this)));
}

HttpResponse ApiRoutes::listPlaybooks(const HttpRequest&) const {
  json list = json::array();
  for (const auto& p : engine_.playbooks()) {
    list.push_back(
        playbookSummaryJson(*p, {triggers_.nextRun(p->name), engine_.lastRun(p->name)}));
  }
  return HttpResponse::json(200, {{"playbooks", list}});
}

HttpResponse ApiRoutes::showPlaybook(const HttpRequest& request) const {
  const std::string name(request.pathParam("name"));
  auto playbook = engine_.find(name);
  if (!playbook) return HttpResponse::jsonError(404, "not_found", "no playbook \"" + name + "\"");
  return HttpResponse::json(
      200, playbookDetailJson(*playbook, {triggers_.nextRun(name), engine_.lastRun(name)}));
}

HttpResponse ApiRoutes::startRun(const HttpRequest& request) {
  const std::string name(request.pathParam("name"));
  if (!engine_.find(name)) {
    return HttpResponse::jsonError(404, "not_found", "no playbook \"" + name + "\"");
  }
  json body = json::object();
  if (!request.body.empty()) {
    // Before parsing: the parser, and Value::fromJson after it, recurse per level.
    if (auto bounded = checkJsonLimits(request.body); !bounded) {
      return HttpResponse::jsonError(400, "bad_request", bounded.error().message);
    }
    body = json::parse(request.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
      return HttpResponse::jsonError(400, "bad_request",
                                     "the body must be a JSON object such as "
                                     "{\"params\": {}, \"dry_run\": false}");
    }
  }
  for (const auto& [key, value] : body.items()) {
    if (key != "params" && key != "dry_run") {
      return HttpResponse::jsonError(400, "bad_request", "unknown field \"" + key + "\"");
    }
  }
  if (body.contains("dry_run") && !body["dry_run"].is_boolean()) {
    return HttpResponse::jsonError(400, "bad_request", "dry_run must be true or false");
  }
  if (body.contains("params") && !body["params"].is_object()) {
    return HttpResponse::jsonError(400, "bad_request", "params must be an object");
  }
  playbooks::Engine::Request run;
  run.playbook = name;
  run.dryRun = body.value("dry_run", false);
  if (body.contains("params")) run.params = playbooks::Value::fromJson(body["params"]);
  run.trigger.type = playbooks::TriggerType::manual;
  run.trigger.requestedBy = caller(request);
  auto id = engine_.submit(std::move(run));
  if (!id) {
    switch (id.error().kind) {
      case ErrorKind::stopping:
        return HttpResponse::jsonError(503, "unavailable", id.error().message);
      case ErrorKind::invalid:
        return HttpResponse::jsonError(400, "bad_request", id.error().message);
      case ErrorKind::notFound:
        return HttpResponse::jsonError(404, "not_found", id.error().message);
      case ErrorKind::conflict:
        return HttpResponse::jsonError(409, "conflict", id.error().message);
      case ErrorKind::busy: {
        HttpResponse busy = HttpResponse::jsonError(429, "too_many_runs", id.error().message);
        busy.headers.emplace_back("Retry-After", "30");
        return busy;
      }
      case ErrorKind::failed:
        break;
    }
    return HttpResponse::jsonError(500, "internal_error", id.error().message);
  }
  auto active = engine_.activeRun(*id);
  const std::string status =
      active ? std::string(playbooks::runStatusName(active->status)) : "finished";
  HttpResponse response = HttpResponse::json(202, {{"run_id", *id}, {"status", status}});
  response.headers.emplace_back("Location", "/api/v1/runs/" + *id);
  return response;
}

HttpResponse ApiRoutes::listRuns(const HttpRequest& request) const {
  std::optional<std::string> playbook;
  if (auto p = request.queryParam("playbook")) playbook = std::string(*p);
  std::size_t limit = 100;
  if (auto l = request.queryParam("limit")) {
    auto [end, ec] = std::from_chars(l->data(), l->data() + l->size(), limit);
    if (ec != std::errc() || end != l->data() + l->size() || limit == 0 || limit > 5000) {
      return HttpResponse::jsonError(400, "bad_request", "limit must be a number from 1 to 5000");
    }
  }
  auto runs = engine_.history().list(playbook, limit, kMaxHistoryBytesPerList);
  if (!runs) return HttpResponse::jsonError(500, "internal_error", runs.error().message);
  json list = json::array();
  for (const auto& run : *runs) list.push_back(playbooks::toJson(run));
  return HttpResponse::json(200, {{"runs", list}});
}

HttpResponse ApiRoutes::showRun(const HttpRequest& request) const {
  const std::string id(request.pathParam("id"));
  if (auto active = engine_.activeRun(id)) return HttpResponse::json(200, playbooks::toJson(*active));
  auto run = engine_.history().find(id);
  if (!run) return HttpResponse::jsonError(500, "internal_error", run.error().message);
  if (!*run) return HttpResponse::jsonError(404, "not_found", "no run \"" + id + "\"");
  return HttpResponse::json(200, playbooks::toJson(**run));
}

HttpResponse ApiRoutes::decide(const HttpRequest& request, bool approve) {
  const std::string id(request.pathParam("id"));
  auto active = engine_.activeRun(id);
  if (!active) {
    auto recorded = engine_.history().find(id);
    if (!recorded) return HttpResponse::jsonError(500, "internal_error", recorded.error().message);
    if (*recorded && (*recorded)->status != playbooks::RunStatus::pending) {
      return HttpResponse::jsonError(409, "conflict",
                                     "run " + id + " is " +
                                         std::string(playbooks::runStatusName((*recorded)->status)) +
                                         ", not pending");
    }
    if (!*recorded) return HttpResponse::jsonError(404, "not_found", "no run \"" + id + "\"");
  } else if (active->status != playbooks::RunStatus::pending) {
    return HttpResponse::jsonError(
        409, "conflict",
        "run " + id + " is " + std::string(playbooks::runStatusName(active->status)) +
            ", not pending");
  }
  auto decided = engine_.decide(id, approve, caller(request));
  if (!decided) {
    const bool conflict = decided.error().kind == ErrorKind::conflict;
    return HttpResponse::jsonError(conflict ? 409 : 500, conflict ? "conflict" : "internal_error",
                                   decided.error().message);
  }
  return HttpResponse::json(200, {{"run_id", id}, {"decision", approve ? "approved" : "rejected"}});
}

HttpResponse ApiRoutes::receiveAlerts(const HttpRequest& request) {
  auto alerts = playbooks::parseAlertmanagerPayload(request.body);
  if (!alerts) return HttpResponse::jsonError(400, "bad_request", alerts.error().message);
  auto outcome = triggers_.onAlerts(*alerts);
  // Too many runs pending (playbooks.max_pending_runs), or the agent is
  // stopping: 503 lets Alertmanager retry (it drops 4xx); the alerts whose
  // runs did start are remembered and do not start again.
  if (outcome.busy || (!outcome.errors.empty() && outcome.runIds.empty())) {
    HttpResponse unavailable = HttpResponse::jsonError(
        503, "unavailable",
        {{"errors", outcome.errors}, {"started", outcome.runIds}});
    unavailable.headers.emplace_back("Retry-After", "30");
    return unavailable;
  }
  return HttpResponse::json(200, {{"runs", outcome.runIds}, {"errors", outcome.errors}});
}

}  // namespace unyo::agent
