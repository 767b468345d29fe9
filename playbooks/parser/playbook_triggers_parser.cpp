// triggers: schedule (cron + calendar + jitter), condition (expression with
// for/cooldown), alert (Alertmanager labels). Manual runs need no trigger.
// docs/playbooks.md, Triggers, says what each key takes.

#include <algorithm>
#include <optional>
#include <string_view>
#include <vector>

#include "playbooks/parser/playbook_parse_context.h"
#include "playbooks/playbook.h"
#include "playbooks/schedule/calendar_names.h"

namespace unyo::playbooks {
namespace {

using yaml::YamlMap;

// The names the error for an unknown calendar lists, in the order the docs do.
std::string calendarChoices() {
  std::string text;
  for (const CalendarName& known : calendarNames()) text += std::string(known.name) + ", ";
  return text.substr(0, text.size() - 2) + " or {" + std::string(kNthBusinessDayOfMonthKey) +
         ": N}";
}

std::string positionRange() {
  const std::string most = std::to_string(kMaxBusinessDayOfMonth);
  return "1 to " + most + " (from the start of the month) or -1 to -" + most +
         " (from its end: -1 is the last)";
}

// calendar: {nth_business_day_of_month: N}
void readNthBusinessDayOfMonth(const YAML::Node& node, const ParseContext& context,
                               ScheduleTrigger& schedule) {
  const std::string key(kNthBusinessDayOfMonthKey);
  if (node.size() != 1 || !node.begin()->first.IsScalar() || node.begin()->first.Scalar() != key) {
    context.error(node, "calendar as a mapping must be {" + key +
                            ": N}; the other calendars are plain names, e.g. calendar: "
                            "first_business_day_of_week");
    return;
  }
  const YAML::Node value = node.begin()->second;
  const auto position = yaml::asInt(value);
  if (!position || *position == 0 || *position > kMaxBusinessDayOfMonth ||
      *position < -kMaxBusinessDayOfMonth) {
    context.error(value, key + " must be " + positionRange() + ", got " + yaml::describe(value));
    return;
  }
  schedule.calendar = Calendar::businessDayOfMonth;
  schedule.businessDayPosition = static_cast<int>(*position);
}

// calendar: a name, or {nth_business_day_of_month: N}.
void readCalendar(const YAML::Node& node, const ParseContext& context, ScheduleTrigger& schedule) {
  if (node.IsMap()) {
    readNthBusinessDayOfMonth(node, context, schedule);
    return;
  }
  const auto name = yaml::asString(node);
  if (name) {
    for (const CalendarName& known : calendarNames()) {
      if (known.name != *name) continue;
      schedule.calendar = known.calendar;
      schedule.businessDayPosition = known.businessDayPosition;
      return;
    }
    if (*name == kNthBusinessDayOfMonthKey) {
      context.error(
          node, *name + " needs the position: calendar: {" + *name + ": N}, N " + positionRange());
      return;
    }
  }
  std::string message = "calendar must be " + calendarChoices() + ", got " + yaml::describe(node);
  if (name) {
    std::vector<std::string_view> candidates;
    for (const CalendarName& known : calendarNames()) candidates.push_back(known.name);
    candidates.push_back(kNthBusinessDayOfMonthKey);
    const std::string guess = yaml::closestMatch(*name, candidates);
    if (!guess.empty()) message += " (did you mean \"" + guess + "\"?)";
  }
  context.error(node, message);
}

// A cron field as written and where it starts in the schedule text.
struct CronFieldText {
  std::string_view text;
  std::size_t offset = 0;
};

std::vector<CronFieldText> cronFieldTexts(std::string_view cron) {
  std::vector<CronFieldText> fields;
  constexpr std::string_view kBlanks = " \t";
  for (std::size_t start = cron.find_first_not_of(kBlanks); start != std::string_view::npos;) {
    const std::size_t end = std::min(cron.find_first_of(kBlanks, start), cron.size());
    fields.push_back({cron.substr(start, end - start), start});
    start = cron.find_first_not_of(kBlanks, end);
  }
  return fields;
}

// A week or month calendar picks the day itself; a day-of-month or
// day-of-week in the cron as well would quietly leave only the days both
// allow ("0 9 * * MON" with first_business_day_of_week never fires in a week
// whose Monday is a holiday), so it must be "*".
void checkDayFieldsFree(const YAML::Node& node, const ParseContext& context,
                        const ScheduleTrigger& schedule) {
  if (schedule.calendar != Calendar::businessDayOfWeek &&
      schedule.calendar != Calendar::businessDayOfMonth) {
    return;
  }
  constexpr std::size_t kDayOfMonth = 2;
  constexpr std::size_t kDayOfWeek = 4;
  std::vector<CronFieldText> fields = cronFieldTexts(schedule.cronText);
  if (fields.size() != 5) return;  // CronSchedule::parse has reported it
  std::optional<std::size_t> restricted;
  for (const std::size_t field : {kDayOfMonth, kDayOfWeek}) {
    if (!restricted && fields[field].text != "*") restricted = field;
  }
  if (!restricted) return;
  const CronFieldText wrong = fields[*restricted];
  std::string suggestion;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    suggestion += (i == 0 ? "" : " ");
    suggestion += i == kDayOfMonth || i == kDayOfWeek ? std::string_view("*") : fields[i].text;
  }
  context.errorAt(node, wrong.offset,
                  std::string(*restricted == kDayOfMonth ? "day-of-month" : "day-of-week") + " \"" +
                      std::string(wrong.text) + "\" cannot be used with calendar " +
                      calendarText(schedule) + ", which picks the day itself: write * there, " +
                      "as in \"" + suggestion + "\"");
}

void readSchedule(YamlMap& map, const YAML::Node& node, const ParseContext& context,
                  Trigger& trigger) {
  ScheduleTrigger schedule;
  auto text = yaml::asString(node);
  bool cronValid = false;
  if (!text) {
    context.error(node, "schedule: " + text.error().message);
  } else if (auto cron = CronSchedule::parse(*text); !cron) {
    context.error(node, "schedule \"" + *text + "\": " + cron.error().message);
  } else {
    schedule.cron = *cron;
    schedule.cronText = *text;
    cronValid = true;
  }
  if (auto calendar = map.get("calendar")) readCalendar(*calendar, context, schedule);
  if (cronValid) checkDayFieldsFree(node, context, schedule);
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
      context.error(it->second,
                    "alert label \"" + it->first.Scalar() + "\": " + value.error().message);
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
