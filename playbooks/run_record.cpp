#include "playbooks/run_record.h"

#include <unistd.h>

#include <array>
#include <ctime>
#include <nlohmann/json.hpp>
#include <random>

#include "base/iso_time.h"

namespace unyo::playbooks {
namespace {

using nlohmann::json;

constexpr std::array<std::pair<RunStatus, std::string_view>, 10> kStatusNames = {{
    {RunStatus::pending, "pending"},
    {RunStatus::queued, "queued"},
    {RunStatus::running, "running"},
    {RunStatus::success, "success"},
    {RunStatus::failure, "failure"},
    {RunStatus::timeout, "timeout"},
    {RunStatus::dryRun, "dry_run"},
    {RunStatus::skipped, "skipped"},
    {RunStatus::rateLimited, "rate_limited"},
    {RunStatus::rejected, "rejected"},
}};

constexpr std::array<std::pair<TriggerType, std::string_view>, 4> kTriggerNames = {{
    {TriggerType::schedule, "schedule"},
    {TriggerType::condition, "condition"},
    {TriggerType::alert, "alert"},
    {TriggerType::manual, "manual"},
}};

constexpr std::array<std::pair<StepStatus, std::string_view>, 4> kStepNames = {{
    {StepStatus::ok, "ok"},
    {StepStatus::failed, "failed"},
    {StepStatus::skipped, "skipped"},
    {StepStatus::timedOut, "timed_out"},
}};

json optionalTime(const std::optional<Clock::WallTime>& t) {
  return t ? json(formatIsoTime(*t)) : json(nullptr);
}

std::optional<Clock::WallTime> readOptionalTime(const json& j, const char* key) {
  if (!j.contains(key) || !j[key].is_string()) return std::nullopt;
  return parseIsoTime(j[key].get<std::string>());
}

StepStatus stepStatusFromJson(const json& j) {
  const std::string status = j.value("status", "ok");
  for (const auto& [value, name] : kStepNames) {
    if (name == status) return value;
  }
  return StepStatus::ok;
}

json itemJson(const StepItemRecord& i) {
  return {{"item", i.item.toJson()},
          {"status", stepStatusName(i.status)},
          {"attempts", i.attempts},
          {"changed", i.changed},
          {"output", i.output.toJson()},
          {"error", i.error},
          {"summary", i.summary}};
}

StepItemRecord itemFromJson(const json& j) {
  StepItemRecord i;
  if (!j.is_object()) return i;
  if (j.contains("item")) i.item = Value::fromJson(j["item"]);
  i.status = stepStatusFromJson(j);
  i.attempts = j.value("attempts", 0);
  i.changed = j.value("changed", false);
  if (j.contains("output")) i.output = Value::fromJson(j["output"]);
  i.error = j.value("error", "");
  i.summary = j.value("summary", "");
  return i;
}

json stepJson(const StepRecord& s) {
  json out = {{"id", s.id},
              {"action", s.action},
              {"status", stepStatusName(s.status)},
              {"attempts", s.attempts},
              {"changed", s.changed},
              {"dry_run", s.dryRun},
              {"output", s.output.toJson()},
              {"error", s.error},
              {"summary", s.summary},
              {"started_at", formatIsoTime(s.startedAt)},
              {"finished_at", formatIsoTime(s.finishedAt)}};
  // Only a step with `loop:` has items; an empty list means it had none.
  if (s.looped) {
    json items = json::array();
    for (const auto& item : s.items) items.push_back(itemJson(item));
    out["items"] = std::move(items);
  }
  return out;
}

StepRecord stepFromJson(const json& j) {
  StepRecord s;
  s.id = j.value("id", "");
  s.action = j.value("action", "");
  s.status = stepStatusFromJson(j);
  s.attempts = j.value("attempts", 0);
  s.changed = j.value("changed", false);
  s.dryRun = j.value("dry_run", false);
  if (j.contains("output")) s.output = Value::fromJson(j["output"]);
  s.error = j.value("error", "");
  s.summary = j.value("summary", "");
  s.startedAt = readOptionalTime(j, "started_at").value_or(Clock::WallTime{});
  s.finishedAt = readOptionalTime(j, "finished_at").value_or(Clock::WallTime{});
  if (j.contains("items") && j["items"].is_array()) {
    s.looped = true;
    for (const auto& item : j["items"]) s.items.push_back(itemFromJson(item));
  }
  return s;
}

}  // namespace

std::string_view triggerTypeName(TriggerType type) {
  for (const auto& [value, name] : kTriggerNames) {
    if (value == type) return name;
  }
  return "manual";
}

std::optional<TriggerType> parseTriggerType(std::string_view name) {
  for (const auto& [value, n] : kTriggerNames) {
    if (n == name) return value;
  }
  return std::nullopt;
}

std::string_view runStatusName(RunStatus status) {
  for (const auto& [value, name] : kStatusNames) {
    if (value == status) return name;
  }
  return "failure";
}

std::optional<RunStatus> parseRunStatus(std::string_view name) {
  for (const auto& [value, n] : kStatusNames) {
    if (n == name) return value;
  }
  return std::nullopt;
}

bool isFinished(RunStatus status) {
  return status != RunStatus::pending && status != RunStatus::queued &&
         status != RunStatus::running;
}

std::string_view stepStatusName(StepStatus status) {
  for (const auto& [value, name] : kStepNames) {
    if (value == status) return name;
  }
  return "ok";
}

double RunRecord::durationSeconds() const {
  if (!startedAt || !finishedAt) return 0;
  return std::chrono::duration<double>(*finishedAt - *startedAt).count();
}

json toJson(const RunRecord& run) {
  json steps = json::array();
  for (const auto& s : run.steps) steps.push_back(stepJson(s));
  json onFailure = json::array();
  for (const auto& s : run.onFailureSteps) onFailure.push_back(stepJson(s));
  json trigger = {{"type", triggerTypeName(run.trigger.type)},
                  {"labels", run.trigger.labels.toJson()},
                  {"requested_by", run.trigger.requestedBy},
                  {"scheduled_at", optionalTime(run.trigger.scheduledAt)}};
  return {{"id", run.id},
          {"playbook", run.playbook},
          {"status", runStatusName(run.status)},
          {"dry_run", run.dryRun},
          {"trigger", trigger},
          {"params", run.params.toJson()},
          {"created_at", formatIsoTime(run.createdAt)},
          {"started_at", optionalTime(run.startedAt)},
          {"finished_at", optionalTime(run.finishedAt)},
          {"duration_seconds", run.durationSeconds()},
          {"steps", steps},
          {"on_failure_steps", onFailure},
          {"error", run.error},
          {"labor_credited", run.laborCredited},
          {"labor_minutes", run.laborMinutes},
          {"labor_yen", run.laborYen},
          {"decided_by", run.decidedBy},
          {"approval_expires_at", optionalTime(run.approvalExpiresAt)},
          {"pid", run.pid}};
}

Expected<RunRecord> runFromJson(const json& j) {
  if (!j.is_object() || !j.contains("id") || !j.contains("playbook") || !j.contains("status")) {
    return fail("not a run record");
  }
  RunRecord run;
  try {
    run.id = j.at("id").get<std::string>();
    run.playbook = j.at("playbook").get<std::string>();
    auto status = parseRunStatus(j.at("status").get<std::string>());
    if (!status) return fail("run " + run.id + ": unknown status");
    run.status = *status;
    run.dryRun = j.value("dry_run", false);
    if (j.contains("trigger") && j["trigger"].is_object()) {
      const json& t = j["trigger"];
      run.trigger.type = parseTriggerType(t.value("type", "manual")).value_or(TriggerType::manual);
      if (t.contains("labels")) run.trigger.labels = Value::fromJson(t["labels"]);
      run.trigger.requestedBy = t.value("requested_by", "");
      run.trigger.scheduledAt = readOptionalTime(t, "scheduled_at");
    }
    if (j.contains("params")) run.params = Value::fromJson(j["params"]);
    run.createdAt = readOptionalTime(j, "created_at").value_or(Clock::WallTime{});
    run.startedAt = readOptionalTime(j, "started_at");
    run.finishedAt = readOptionalTime(j, "finished_at");
    if (j.contains("steps")) {
      for (const auto& s : j["steps"]) run.steps.push_back(stepFromJson(s));
    }
    if (j.contains("on_failure_steps")) {
      for (const auto& s : j["on_failure_steps"]) run.onFailureSteps.push_back(stepFromJson(s));
    }
    run.error = j.value("error", "");
    run.laborMinutes = j.value("labor_minutes", 0.0);
    run.laborYen = j.value("labor_yen", 0.0);
    // Records from before labor.credit: every successful real run was credited.
    run.laborCredited = j.value("labor_credited",
                                run.status == RunStatus::success && !run.dryRun);
    run.decidedBy = j.value("decided_by", "");
    run.approvalExpiresAt = readOptionalTime(j, "approval_expires_at");
    run.pid = j.value("pid", 0);
  } catch (const json::exception& e) {
    return fail(std::string("malformed run record: ") + e.what());
  }
  return run;
}

std::string newRunId(Clock::WallTime now) {
  const std::time_t secs = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char stamp[24];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
  // Random suffix: two processes (the daemon and a CLI run) may start runs
  // in the same second.
  static thread_local std::mt19937_64 random(std::random_device{}() ^
                                             static_cast<std::uint64_t>(::getpid()));
  char suffix[8];
  std::snprintf(suffix, sizeof suffix, "%06x", static_cast<unsigned>(random() & 0xffffff));
  return std::string(stamp) + "-" + suffix;
}

}  // namespace unyo::playbooks
