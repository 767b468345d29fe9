#pragma once

// What the agent remembers of a playbook run: kept in the state directory
// (runs.jsonl), shown by `unyo runs`, the HTTP API and the reports. Outputs
// are redacted (secrets as ***) and truncated before they get here.

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/error.h"
#include "playbooks/value.h"

namespace unyo::playbooks {

enum class TriggerType { schedule, condition, alert, manual };
std::string_view triggerTypeName(TriggerType type);
std::optional<TriggerType> parseTriggerType(std::string_view name);

// The `result` label of unyo_playbook_runs_total, plus the in-flight states.
enum class RunStatus {
  pending,      // waiting for approval
  queued,       // waiting for a free slot or the playbook's lock
  running,
  success,
  failure,
  timeout,
  dryRun,
  skipped,      // another run held the playbook (concurrency: forbid)
  rateLimited,  // over policy.max_runs_per_hour
  rejected,     // rejected, or its approval expired
};
std::string_view runStatusName(RunStatus status);  // "success", "dry_run", "rate_limited", ...
std::optional<RunStatus> parseRunStatus(std::string_view name);
bool isFinished(RunStatus status);

struct TriggerInfo {
  TriggerType type = TriggerType::manual;
  Value labels = Value::map();  // condition series labels, alert labels
  std::string requestedBy;      // "cli:root", "api:ops", "schedule", ...
  std::optional<Clock::WallTime> scheduledAt;
};

enum class StepStatus { ok, failed, skipped, timedOut };
std::string_view stepStatusName(StepStatus status);

// What a step with `loop:` did for one of its items.
struct StepItemRecord {
  Value item;  // the item, as {{ item }} read it
  StepStatus status = StepStatus::ok;
  int attempts = 0;
  bool changed = false;
  Value output = Value::map();
  std::string error;
  std::string summary;
};

struct StepRecord {
  std::string id;
  std::string action;
  StepStatus status = StepStatus::ok;
  int attempts = 0;  // with a loop: the most any item took
  bool changed = false;
  bool dryRun = false;
  Value output = Value::map();  // with a loop: empty, each item has its own
  std::string error;
  std::string summary;
  Clock::WallTime startedAt{};
  Clock::WallTime finishedAt{};
  // A step with `loop:`: one entry per item run, in order; status, changed
  // and error above sum them up (docs/playbooks.md, "Loops").
  bool looped = false;
  std::vector<StepItemRecord> items;
};

struct RunRecord {
  std::string id;
  std::string playbook;
  TriggerInfo trigger;
  Value params = Value::map();  // secrets already as ***
  RunStatus status = RunStatus::queued;
  bool dryRun = false;
  Clock::WallTime createdAt{};
  std::optional<Clock::WallTime> startedAt;
  std::optional<Clock::WallTime> finishedAt;
  std::vector<StepRecord> steps;
  std::vector<StepRecord> onFailureSteps;
  std::string error;
  // Whether the run replaced operator work (a successful non-dry run, and
  // under labor.credit: changed one that changed something), and how much.
  // Whether that work counts as automated or assisted follows the trigger.
  bool laborCredited = false;
  double laborMinutes = 0;
  double laborYen = 0;
  std::string decidedBy;  // who approved or rejected
  std::optional<Clock::WallTime> approvalExpiresAt;
  int pid = 0;  // the process that ran it: a run left "running" by a dead process was cut short

  double durationSeconds() const;
};

nlohmann::json toJson(const RunRecord& run);
Expected<RunRecord> runFromJson(const nlohmann::json& json);

// Time-sortable and unique enough across processes: "20261128T091500Z-3fa9c2".
std::string newRunId(Clock::WallTime now);

}  // namespace unyo::playbooks
