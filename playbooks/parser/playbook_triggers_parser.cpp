// triggers: schedule (cron + calendar + jitter), condition (expression with
// for/cooldown), alert (Alertmanager labels). Manual runs need no trigger.

#include "playbooks/parser/playbook_parse_context.h"
#include "playbooks/playbook.h"

namespace unyo::playbooks {
namespace {

using yaml::YamlMap;

void readSchedule(YamlMap& map, const YAML::Node& node, const ParseContext& context,
                  Trigger& trigger) {
  ScheduleTrigger schedule;
  auto text = yaml::asString(node);
  if (!text) {
    context.error(node, "schedule: " + text.error().message);
  } else if (auto cron = CronSchedule::parse(*text); !cron) {
    context.error(node, "schedule \"" + *text + "\": " + cron.error().message);
  } else {
    schedule.cron = *cron;
    schedule.cronText = *text;
  }
  if (auto calendar = map.get("calendar")) {
    auto name = yaml::asString(*calendar);
    if (name && *name == "any") {
      schedule.calendar = Calendar::any;
    } else if (name && *name == "business_days") {
      schedule.calendar = Calendar::businessDays;
    } else if (name && *name == "non_business_days") {
      schedule.calendar = Calendar::nonBusinessDays;
    } else {
      context.error(*calendar, "calendar must be any, business_days or non_business_days, got " +
                                   yaml::describe(*calendar));
    }
  }
  if (map.read("jitter", schedule.jitter) && schedule.jitter < std::chrono::milliseconds(0)) {
    context.error(*map.get("jitter"), "jitter must not be negative");
  }
  trigger.kind = std::move(schedule);
}

void readCondition(YamlMap& map, const YAML::Node& node, const ParseContext& context,
                   const ReferenceRules& rules, Trigger& trigger) {
  auto text = yaml::asString(node);
  if (!text) {
    context.error(node, "condition: " + text.error().message);
    return;
  }
  auto expression = Expression::parse(*text);
  if (!expression) {
    context.errorAt(node, expression.error().offset, "condition: " + expression.error().message);
    return;
  }
  context.checkReferences(node, expression->references(), rules);
  ConditionTrigger condition{std::move(*expression), {}, {}};
  map.read("for", condition.holdFor);
  map.read("cooldown", condition.cooldown);
  trigger.kind = std::move(condition);
}

void readAlert(const YAML::Node& node, const ParseContext& context, Trigger& trigger) {
  AlertTrigger alert;
  YamlMap labels(context.file(), node, "alert");
  if (!labels.isMapping()) {
    if (node.IsNull()) context.error(node, "alert needs labels to match, at least alertname");
    return;
  }
  for (auto it = node.begin(); it != node.end(); ++it) {
    auto value = yaml::asString(it->second);
    if (!value) {
      context.error(it->second, "alert label \"" + it->first.Scalar() + "\": " +
                                    value.error().message);
      continue;
    }
    alert.labels[it->first.Scalar()] = *value;
  }
  if (!alert.labels.contains("alertname")) {
    context.error(node, "alert needs an alertname to match");
  }
  trigger.kind = std::move(alert);
}

}  // namespace

void readTriggers(YamlMap& top, const ParseContext& context, Playbook& playbook) {
  auto node = top.get("triggers");
  if (!node) return;
  if (!node->IsSequence()) {
    context.error(*node, "triggers must be a list, got " + yaml::describe(*node));
    return;
  }
  ReferenceRules rules;
  for (const auto& p : playbook.params) rules.params.insert(p.name);
  rules.stepsAllowed = false;
  for (const auto& item : *node) {
    YamlMap map(context.file(), item, "a trigger");
    if (!map.isMapping()) continue;
    Trigger trigger;
    trigger.where = context.file().at(item);
    const auto schedule = map.get("schedule");
    const auto condition = map.get("condition");
    const auto alert = map.get("alert");
    const int kinds = (schedule ? 1 : 0) + (condition ? 1 : 0) + (alert ? 1 : 0);
    if (kinds != 1) {
      context.error(item, kinds == 0 ? "a trigger needs one of schedule, condition or alert"
                                     : "a trigger has exactly one of schedule, condition or alert");
      // Still mark the other keys known so they are not reported again.
      for (const char* key : {"calendar", "jitter", "for", "cooldown"}) map.get(key);
      map.finish();
      continue;
    }
    if (schedule) {
      readSchedule(map, *schedule, context, trigger);
    } else if (condition) {
      readCondition(map, *condition, context, rules, trigger);
    } else {
      readAlert(*alert, context, trigger);
    }
    map.finish();
    playbook.triggers.push_back(std::move(trigger));
  }
}

}  // namespace unyo::playbooks
