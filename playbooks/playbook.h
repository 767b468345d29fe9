#pragma once

// A playbook as loaded from its file (docs/playbooks.md): plain
// data, validated by the parser, executed by the engine.

#include <chrono>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <variant>
#include <vector>

#include "base/error.h"
#include "playbooks/expression/expression.h"
#include "playbooks/expression/template.h"
#include "playbooks/schedule/cron_schedule.h"
#include "playbooks/value.h"

namespace unyo::playbooks {

enum class ParamType { string, integer, number, boolean, duration, path };

// What a caller may set an overridable param to (checked in param_bounds.h).
// min, max and choices hold values of the param's type, as the default does.
struct ParamBounds {
  std::optional<Value> min;  // int, number, duration
  std::optional<Value> max;
  std::vector<Value> choices;          // `enum:`
  std::optional<std::regex> pattern;   // string: must match the whole value
  std::string patternText;             // as written, for messages
  std::vector<std::string> under;      // path: clean absolute directories

  bool any() const { return min || max || !choices.empty() || pattern || !under.empty(); }
};

struct ParamDefinition {
  std::string name;
  ParamType type = ParamType::string;
  std::optional<Value> defaultValue;  // none: the caller must give it
  bool secret = false;                // shown as *** everywhere output goes
  std::string fromFile;               // read the value from this file at run time
  std::string description;
  // Locked unless declared: a caller (CLI --param, API params) may set only
  // these, within `bounds`; everything else runs as the file says.
  bool overridable = false;
  ParamBounds bounds;
};

// Which of the cron's days a schedule trigger fires on (docs/playbooks.md,
// Triggers): all of them, only business days or only the others, or the one
// business day at a position in each week (Monday to Sunday) or month.
enum class Calendar { any, businessDays, nonBusinessDays, businessDayOfWeek, businessDayOfMonth };

struct ScheduleTrigger {
  CronSchedule cron;
  std::string cronText;
  Calendar calendar = Calendar::any;
  // businessDayOfWeek and businessDayOfMonth: which business day of the
  // period, 1 the first, -1 the last, -2 the one before it; 0 otherwise.
  int businessDayPosition = 0;
  std::chrono::milliseconds jitter{0};
};

struct ConditionTrigger {
  Expression condition;
  std::chrono::milliseconds holdFor{0};   // `for:` the condition must hold this long
  std::chrono::milliseconds cooldown{0};  // after firing, per series
};

struct AlertTrigger {
  // alertname and other labels that must all match a firing alert exactly.
  std::map<std::string, std::string> labels;
};

struct Trigger {
  std::variant<ScheduleTrigger, ConditionTrigger, AlertTrigger> kind;
  SourceLocation where;
};

enum class Concurrency { forbid, queue };
// when_overridden: a run whose caller set a param to something other than
// its default waits for approval; a run on defaults starts at once.
enum class Approval { none, required, whenOverridden };
enum class OnFailure { abort, continueRun };

struct Policy {
  Concurrency concurrency = Concurrency::forbid;
  int maxRunsPerHour = 0;  // 0: no limit
  std::chrono::milliseconds timeout{std::chrono::hours(1)};
  Approval approval = Approval::none;
  // How long a run waits for approval; unset: playbooks.approval_ttl (1h).
  std::optional<std::chrono::milliseconds> approvalTtl;
};

// A `with:` value as written: the same shape as the YAML, strings parsed as
// templates (most have no references and render to themselves).
struct WithNode {
  std::variant<std::monostate, Template, std::vector<WithNode>,
               std::vector<std::pair<std::string, WithNode>>>
      data;
  SourceLocation where;
};

// The most items one step may loop over (docs/playbooks.md, "Loops"): a
// list built from a var or a step's output must not make a run endless.
inline constexpr std::size_t kMaxLoopItems = 1000;

struct Step {
  std::string id;
  std::string action;
  WithNode with;
  std::optional<Expression> when;  // `when:` as an expression; a lone {{ ref }} is one too
  // `loop:` the items the step runs once for each ({{ item }}): a list as
  // written, or a lone {{ reference }} that yields one. `when` and retries
  // apply per item.
  std::optional<WithNode> loop;
  int retries = 0;
  std::chrono::milliseconds retryDelay{std::chrono::seconds(10)};
  std::optional<std::chrono::milliseconds> timeout;  // default: what is left of the run's
  OnFailure onFailure = OnFailure::abort;
  std::string name;  // optional human label for progress output
  SourceLocation where;
};

// labor.credit: which finished runs replace operator work. `success`: every
// successful run (a check is work done even when all is well); `changed`:
// only a successful run in which some step changed something (a purge that
// found nothing to delete replaced no one's work).
enum class LaborCredit { success, changed };

struct Playbook {
  std::string name;
  std::string description;
  // description_ja: the same in Japanese, for the Japanese report and pages
  // (municipal staff read them); empty: `description` is shown.
  std::string descriptionJa;
  std::string file;
  double manualMinutes = 0;  // labor.manual_minutes: operator time one credited run replaces
  LaborCredit laborCredit = LaborCredit::success;
  std::string laborBasis;  // labor.basis: why manual_minutes is what it is, shown in the report
  std::vector<ParamDefinition> params;
  // {{ vars.NAME }}: the agent config's playbooks.vars with the playbook's
  // own `vars:` over them, by name (only its own when read without a config).
  Value vars = Value::map();
  std::vector<Trigger> triggers;
  Policy policy;
  std::vector<Step> steps;
  std::vector<Step> onFailure;

  const ParamDefinition* findParam(std::string_view paramName) const;
  bool hasSecrets() const;
};

}  // namespace unyo::playbooks
