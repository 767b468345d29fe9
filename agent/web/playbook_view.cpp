#include "agent/web/playbook_view.h"

#include <cmath>
#include <ctime>
#include <sstream>

#include "base/duration.h"
#include "base/iso_time.h"
#include "playbooks/engine/labor_credit.h"
#include "playbooks/param_bounds.h"
#include "playbooks/schedule/calendar_names.h"

namespace unyo::agent {
namespace {

using nlohmann::json;
using playbooks::RunRecord;

std::string approvalName(playbooks::Approval a) {
  switch (a) {
    case playbooks::Approval::none: return "none";
    case playbooks::Approval::required: return "required";
    case playbooks::Approval::whenOverridden: return "when_overridden";
  }
  return "none";
}

json triggerJson(const playbooks::Trigger& trigger) {
  if (const auto* s = std::get_if<playbooks::ScheduleTrigger>(&trigger.kind)) {
    return {{"type", "schedule"},
            {"schedule", s->cronText},
            {"calendar", playbooks::calendarText(*s)},
            {"jitter", formatDuration(s->jitter)}};
  }
  if (const auto* c = std::get_if<playbooks::ConditionTrigger>(&trigger.kind)) {
    return {{"type", "condition"},
            {"condition", c->condition.text()},
            {"for", formatDuration(c->holdFor)},
            {"cooldown", formatDuration(c->cooldown)}};
  }
  const auto& a = std::get<playbooks::AlertTrigger>(trigger.kind);
  return {{"type", "alert"}, {"labels", a.labels}};
}

json lastRunJson(const std::optional<RunRecord>& run) {
  if (!run) return nullptr;
  return {{"id", run->id},
          {"status", playbooks::runStatusName(run->status)},
          {"finished_at", run->finishedAt ? json(formatIsoSeconds(*run->finishedAt)) : json(nullptr)}};
}

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

std::string seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1fs", s);
  return buf;
}

std::string minutesText(double minutes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g min", minutes);
  return buf;
}

// "¥1,250": whole yen with thousands separators, as on a bill.
std::string yenText(double yen) {
  std::string digits = std::to_string(std::llround(yen < 0 ? -yen : yen));
  for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3) {
    digits.insert(static_cast<std::size_t>(at), ",");
  }
  return std::string(yen < 0 ? "-" : "") + "\u00a5" + digits;
}

// The LABOR column: what the run was credited, and whether a person started it.
std::string laborText(const RunRecord& r) {
  if (!r.laborCredited) return "-";
  return minutesText(r.laborMinutes) + (playbooks::isAssisted(r.trigger) ? " assisted" : "");
}

}  // namespace

std::string localTimeText(Clock::WallTime t) {
  const std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  localtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %Z", &tm);
  return buf;
}

std::string describeTrigger(const playbooks::Trigger& trigger) {
  if (const auto* s = std::get_if<playbooks::ScheduleTrigger>(&trigger.kind)) {
    std::string out = "schedule \"" + s->cronText + "\"";
    if (s->calendar != playbooks::Calendar::any) out += " " + playbooks::calendarText(*s);
    if (s->jitter.count() > 0) out += ", jitter " + formatDuration(s->jitter);
    return out;
  }
  if (const auto* c = std::get_if<playbooks::ConditionTrigger>(&trigger.kind)) {
    std::string out = "condition '" + c->condition.text() + "'";
    if (c->holdFor.count() > 0) out += " for " + formatDuration(c->holdFor);
    if (c->cooldown.count() > 0) out += ", cooldown " + formatDuration(c->cooldown);
    return out;
  }
  const auto& a = std::get<playbooks::AlertTrigger>(trigger.kind);
  std::string out = "alert {";
  bool first = true;
  for (const auto& [k, v] : a.labels) {
    out += (first ? "" : ", ") + k + "=" + v;
    first = false;
  }
  return out + "}";
}

json playbookSummaryJson(const playbooks::Playbook& p, const PlaybookStatus& status) {
  json triggers = json::array();
  for (const auto& t : p.triggers) triggers.push_back(triggerJson(t));
  return {{"name", p.name},
          {"description", p.description},
          {"description_ja", p.descriptionJa},
          {"file", p.file},
          {"triggers", triggers},
          {"manual_minutes", p.manualMinutes},
          {"labor_credit", p.laborCredit == playbooks::LaborCredit::changed ? "changed" : "success"},
          {"labor_basis", p.laborBasis},
          {"approval", approvalName(p.policy.approval)},
          {"next_run", status.nextRun ? json(formatIsoSeconds(*status.nextRun)) : json(nullptr)},
          {"last_run", lastRunJson(status.lastRun)}};
}

json playbookDetailJson(const playbooks::Playbook& p, const PlaybookStatus& status) {
  json out = playbookSummaryJson(p, status);
  json params = json::array();
  for (const auto& param : p.params) {
    params.push_back({{"name", param.name},
                      {"type", std::string(playbooks::paramTypeName(param.type))},
                      {"default", param.secret || !param.defaultValue
                                      ? json(nullptr)
                                      : param.defaultValue->toJson()},
                      {"secret", param.secret},
                      {"required", !param.defaultValue && param.fromFile.empty()},
                      {"overridable", param.overridable},
                      {"description", param.description}});
  }
  auto steps = [](const std::vector<playbooks::Step>& list) {
    json array = json::array();
    for (const auto& s : list) {
      array.push_back({{"id", s.id},
                       {"action", s.action},
                       {"name", s.name},
                       {"when", s.when ? json(s.when->text()) : json(nullptr)},
                       {"retries", s.retries},
                       {"on_failure", s.onFailure == playbooks::OnFailure::abort ? "abort"
                                                                                 : "continue"}});
    }
    return array;
  };
  out["params"] = params;
  out["steps"] = steps(p.steps);
  out["on_failure"] = steps(p.onFailure);
  out["policy"] = {
      {"concurrency", p.policy.concurrency == playbooks::Concurrency::forbid ? "forbid" : "queue"},
      {"max_runs_per_hour", p.policy.maxRunsPerHour},
      {"timeout", formatDuration(p.policy.timeout)},
      {"approval", approvalName(p.policy.approval)},
      {"approval_ttl", p.policy.approvalTtl ? json(formatDuration(*p.policy.approvalTtl))
                                            : json(nullptr)}};
  return out;
}

std::string playbookTable(
    const std::vector<std::pair<const playbooks::Playbook*, PlaybookStatus>>& rows) {
  std::ostringstream out;
  out << pad("NAME", 28) << pad("NEXT RUN", 26) << pad("LAST RESULT", 14) << "TRIGGERS\n";
  for (const auto& [p, status] : rows) {
    std::string triggers;
    for (const auto& t : p->triggers) triggers += (triggers.empty() ? "" : "; ") + describeTrigger(t);
    out << pad(p->name, 28) << pad(status.nextRun ? localTimeText(*status.nextRun) : "-", 26)
        << pad(status.lastRun ? std::string(playbooks::runStatusName(status.lastRun->status)) : "-",
               14)
        << (triggers.empty() ? "manual only" : triggers) << "\n";
    // The description is what a reader recognises a playbook by (often in
    // Japanese): on its own line, so the columns above stay aligned.
    if (!p->description.empty()) out << "    " << p->description << "\n";
  }
  return out.str();
}

std::string playbookDetailText(const playbooks::Playbook& p, const PlaybookStatus& status) {
  std::ostringstream out;
  out << p.name << (p.description.empty() ? "" : ": " + p.description) << "\n";
  out << "  file:        " << p.file << "\n";
  out << "  labor:       " << p.manualMinutes << " operator minutes per "
      << (p.laborCredit == playbooks::LaborCredit::changed
              ? "successful run that changed something"
              : "successful run")
      << (p.laborBasis.empty() ? "" : " (" + p.laborBasis + ")") << "\n";
  out << "  next run:    " << (status.nextRun ? localTimeText(*status.nextRun) : "-") << "\n";
  out << "  last run:    "
      << (status.lastRun ? status.lastRun->id + " " +
                               std::string(playbooks::runStatusName(status.lastRun->status))
                         : "-")
      << "\n";
  out << "  policy:      concurrency "
      << (p.policy.concurrency == playbooks::Concurrency::forbid ? "forbid" : "queue")
      << ", timeout " << formatDuration(p.policy.timeout) << ", approval "
      << approvalName(p.policy.approval);
  if (p.policy.maxRunsPerHour > 0) out << ", at most " << p.policy.maxRunsPerHour << " runs/hour";
  out << "\n";
  if (!p.params.empty()) {
    out << "  params:\n";
    for (const auto& param : p.params) {
      out << "    " << param.name << " (" << std::string(playbooks::paramTypeName(param.type)) << ")";
      if (param.secret) {
        out << " secret";
      } else if (param.defaultValue) {
        out << " default " << param.defaultValue->toText();
      }
      if (!param.fromFile.empty()) out << " from " << param.fromFile;
      if (param.overridable) out << " overridable";
      out << "\n";
    }
  }
  out << "  triggers:\n";
  if (p.triggers.empty()) out << "    manual only\n";
  for (const auto& t : p.triggers) out << "    " << describeTrigger(t) << "\n";
  out << "  steps:\n";
  for (const auto& s : p.steps) {
    out << "    " << pad(s.id, 20) << s.action << (s.when ? "  when " + s.when->text() : "")
        << "\n";
  }
  if (!p.onFailure.empty()) {
    out << "  on failure:\n";
    for (const auto& s : p.onFailure) out << "    " << pad(s.id, 20) << s.action << "\n";
  }
  return out.str();
}

std::string runTable(const std::vector<RunRecord>& runs) {
  std::ostringstream out;
  out << pad("RUN", 25) << pad("PLAYBOOK", 26) << pad("TRIGGER", 10) << pad("RESULT", 13)
      << pad("STARTED", 26) << pad("DURATION", 10) << "LABOR\n";
  double automated = 0;
  double automatedYen = 0;
  double assisted = 0;
  double assistedYen = 0;
  for (const auto& r : runs) {
    out << pad(r.id, 25) << pad(r.playbook, 26)
        << pad(std::string(playbooks::triggerTypeName(r.trigger.type)), 10)
        << pad(std::string(playbooks::runStatusName(r.status)), 13)
        << pad(r.startedAt ? localTimeText(*r.startedAt) : localTimeText(r.createdAt), 26)
        << pad(r.finishedAt && r.startedAt ? seconds(r.durationSeconds()) : "-", 10)
        << laborText(r) << "\n";
    if (!r.laborCredited) continue;
    (playbooks::isAssisted(r.trigger) ? assisted : automated) += r.laborMinutes;
    (playbooks::isAssisted(r.trigger) ? assistedYen : automatedYen) += r.laborYen;
  }
  if (automated > 0 || assisted > 0) {
    out << "\nlabor saved in these runs: automated " << minutesText(automated) << " ("
        << yenText(automatedYen) << "), assisted by a person " << minutesText(assisted) << " ("
        << yenText(assistedYen) << ")\n";
  }
  return out.str();
}

std::string runDetailText(const RunRecord& r) {
  std::ostringstream out;
  out << "run " << r.id << "  " << r.playbook << "  " << playbooks::runStatusName(r.status)
      << (r.dryRun ? " (dry run)" : "") << "\n";
  out << "  trigger:  " << playbooks::triggerTypeName(r.trigger.type)
      << (r.trigger.requestedBy.empty() ? "" : " by " + r.trigger.requestedBy);
  if (r.trigger.labels.isMap() && !r.trigger.labels.asMap().empty()) {
    out << " " << r.trigger.labels.toText();
  }
  out << "\n";
  if (r.params.isMap() && !r.params.asMap().empty()) out << "  params:   " << r.params.toText() << "\n";
  out << "  created:  " << localTimeText(r.createdAt) << "\n";
  if (r.startedAt) out << "  started:  " << localTimeText(*r.startedAt) << "\n";
  if (r.finishedAt) {
    out << "  finished: " << localTimeText(*r.finishedAt);
    if (r.startedAt) out << " (" << seconds(r.durationSeconds()) << ")";
    out << "\n";
  }
  if (!r.decidedBy.empty()) out << "  decided by: " << r.decidedBy << "\n";
  if (!r.error.empty()) out << "  error:    " << r.error << "\n";
  if (r.laborCredited) {
    out << "  labor saved: " << minutesText(r.laborMinutes) << " (" << yenText(r.laborYen) << "), "
        << (playbooks::isAssisted(r.trigger) ? "assisted (started by a person)" : "automated")
        << "\n";
  }
  auto steps = [&](const char* title, const std::vector<playbooks::StepRecord>& list) {
    if (list.empty()) return;
    out << "  " << title << ":\n";
    for (const auto& s : list) {
      out << "    " << pad(s.id, 18) << pad(s.action, 18)
          << pad(std::string(playbooks::stepStatusName(s.status)), 10)
          << (s.attempts > 1 ? "(" + std::to_string(s.attempts) + " attempts) " : "") << s.summary
          << (s.error.empty() ? "" : "  error: " + s.error) << "\n";
      if (s.output.isMap() && !s.output.asMap().empty()) {
        out << "      output: " << s.output.toText() << "\n";
      }
      for (const auto& item : s.items) {  // a loop step: each item's own result
        out << "      item " << item.item.toText() << ": "
            << playbooks::stepStatusName(item.status) << (item.summary.empty() ? "" : " ")
            << item.summary << (item.error.empty() ? "" : "  error: " + item.error) << "\n";
      }
    }
  };
  steps("steps", r.steps);
  steps("on_failure steps", r.onFailureSteps);
  return out.str();
}

}  // namespace unyo::agent
