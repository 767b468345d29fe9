// `unyo playbook next NAME [--from YYYY-MM-DD] [--count N] [--json]`: the
// next runs of a playbook's schedule triggers, merged in time order, so an
// operator can check a schedule (its calendar, the holidays, the year-end
// closure) before trusting it. Needs no running daemon (docs/cli.md).

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>
#include <variant>
#include <vector>

#include "agent/cli/commands.h"
#include "agent/cli/config_for_command.h"
#include "agent/config/config.h"
#include "agent/cost/ledger_entries.h"
#include "base/duration.h"
#include "base/iso_time.h"
#include "base/time_zone.h"
#include "playbooks/schedule/calendar_names.h"
#include "playbooks/schedule/schedule_planner.h"

namespace unyo::agent {
namespace {

using playbooks::ScheduleTrigger;

constexpr int kDefaultCount = 10;
constexpr int kMaxCount = 1000;
// A sparse schedule (once a year) asked for many runs stops here rather
// than being followed for centuries.
constexpr auto kListHorizon = std::chrono::years(100);

int usageError(const std::string& message) {
  std::fprintf(stderr, "unyo playbook next: %s\n", message.c_str());
  return kExitUsage;
}

std::optional<int> parseCount(const std::string& text) {
  int count = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), count);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (count < 1 || count > kMaxCount) return std::nullopt;
  return count;
}

struct PlannedRun {
  Clock::WallTime at;
  std::size_t trigger = 0;  // index into the playbook's triggers
};

// The first `count` runs after `after` of all the playbook's schedule
// triggers, in time order (in trigger order at the same time). Each
// trigger's next run is computed only when its previous one is taken, so a
// frequent trigger beside a yearly one costs `count` plannings, not more.
std::vector<PlannedRun> plannedRuns(const playbooks::Playbook& playbook,
                                    const playbooks::BusinessCalendar& days, const TimeZone& zone,
                                    Clock::WallTime after, int count) {
  const Clock::WallTime horizon = after + kListHorizon;
  std::vector<std::optional<Clock::WallTime>> upcoming(playbook.triggers.size());
  for (std::size_t i = 0; i < playbook.triggers.size(); ++i) {
    if (const auto* s = std::get_if<ScheduleTrigger>(&playbook.triggers[i].kind)) {
      upcoming[i] = playbooks::nextScheduledTime(*s, days, zone, after);
    }
  }
  std::vector<PlannedRun> runs;
  while (std::cmp_less(runs.size(), count)) {
    std::optional<std::size_t> earliest;
    for (std::size_t i = 0; i < upcoming.size(); ++i) {
      if (upcoming[i] && (!earliest || *upcoming[i] < *upcoming[*earliest])) earliest = i;
    }
    if (!earliest || *upcoming[*earliest] > horizon) break;
    const Clock::WallTime at = *upcoming[*earliest];
    runs.push_back({at, *earliest});
    const auto& trigger = std::get<ScheduleTrigger>(playbook.triggers[*earliest].kind);
    upcoming[*earliest] = playbooks::nextScheduledTime(trigger, days, zone, at);
  }
  return runs;
}

// "2027-01-04 (Mon) 09:00 JST"
std::string localRunText(Clock::WallTime at, const TimeZone& zone) {
  static constexpr std::array<const char*, 7> kWeekdays = {"Sun", "Mon", "Tue", "Wed",
                                                           "Thu", "Fri", "Sat"};
  const CivilTime civil = zone.toCivil(at);
  char text[48];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d (%s) %02d:%02d %s", civil.year, civil.month,
                civil.day, kWeekdays.at(static_cast<std::size_t>(civil.weekday)), civil.hour,
                civil.minute, zone.abbreviation(at).c_str());
  return text;
}

// "\"0 9 * * *\" first_business_day_of_week, jitter 5m"
std::string triggerText(const ScheduleTrigger& trigger) {
  std::string text = "\"" + trigger.cronText + "\" " + playbooks::calendarText(trigger);
  if (trigger.jitter.count() > 0) text += ", jitter " + formatDuration(trigger.jitter);
  return text;
}

nlohmann::json runsJson(const playbooks::Playbook& playbook, const TimeZone& zone,
                        const std::vector<PlannedRun>& runs) {
  nlohmann::json list = nlohmann::json::array();
  for (const PlannedRun& run : runs) {
    const auto& trigger = std::get<ScheduleTrigger>(playbook.triggers[run.trigger].kind);
    list.push_back({{"scheduled_at", formatIsoSeconds(run.at)},
                    {"local_time", localRunText(run.at, zone)},
                    {"trigger", run.trigger},
                    {"schedule", trigger.cronText},
                    {"calendar", playbooks::calendarText(trigger)},
                    {"jitter", formatDuration(trigger.jitter)}});
  }
  return {{"playbook", playbook.name}, {"timezone", zone.name()}, {"runs", list}};
}

// Business days past the holidays file's last year count only weekends and
// the year-end closure: say so, or a list that looks right would hide it.
void noteMissingHolidays(const playbooks::Playbook& playbook,
                         const playbooks::BusinessCalendar& days, const TimeZone& zone,
                         const std::vector<PlannedRun>& runs) {
  int lastYearUsingHolidays = 0;
  for (const PlannedRun& run : runs) {
    const auto& trigger = std::get<ScheduleTrigger>(playbook.triggers[run.trigger].kind);
    if (trigger.calendar == playbooks::Calendar::any) continue;
    lastYearUsingHolidays = std::max(lastYearUsingHolidays, zone.toCivil(run.at).year);
  }
  if (lastYearUsingHolidays == 0) return;
  const std::optional<int> lastListed = days.lastHolidayYear();
  if (!lastListed) {
    std::fputs(
        "note: no holidays file (playbooks.holidays_file): business days skip only "
        "weekends and the year-end closure\n",
        stderr);
  } else if (*lastListed < lastYearUsingHolidays) {
    std::fprintf(stderr,
                 "note: the holidays file lists holidays up to %d: business days after that "
                 "skip only weekends and the year-end closure\n",
                 *lastListed);
  }
}

}  // namespace

int runPlaybookNextCommand(const CommandLine& cli, const Clock& clock) {
  int count = kDefaultCount;
  if (const auto text = cli.value("count")) {
    const auto parsed = parseCount(*text);
    if (!parsed) {
      return usageError("--count takes a whole number from 1 to " + std::to_string(kMaxCount) +
                        ", not \"" + *text + "\"");
    }
    count = *parsed;
  }
  std::optional<CivilDate> from;
  if (const auto text = cli.value("from")) {
    from = parseIsoDate(*text);
    if (!from) return usageError("--from takes a date as YYYY-MM-DD, not \"" + *text + "\"");
  }

  auto config = loadConfigForCommand(cli, kExitUsage);
  if (!config) return config.error();
  auto loaded = loadConfiguredPlaybooks(*config);
  if (!loaded) {
    std::fputs(loaded.error().toString().c_str(), stderr);
    return kExitUsage;
  }
  const std::string& name = cli.arguments.front();
  const auto playbook = std::find_if(loaded->begin(), loaded->end(),
                                     [&](const playbooks::Playbook& p) { return p.name == name; });
  if (playbook == loaded->end()) {
    std::fprintf(stderr, "unyo: no playbook \"%s\"\n", name.c_str());
    return kExitFailure;
  }
  auto zone = TimeZone::load(config->playbooks.timezone);
  auto days = playbooks::BusinessCalendar::load(config->playbooks.holidaysFile,
                                                config->playbooks.yearEndClosure);
  if (!zone || !days) {
    std::fprintf(stderr, "unyo: %s\n", (zone ? days.error() : zone.error()).toString().c_str());
    return kExitUsage;
  }

  // From 00:00 of --from: a run at midnight that day counts.
  const Clock::WallTime after =
      from ? zone->fromCivil(CivilTime::at(*from)) - std::chrono::nanoseconds(1) : clock.now();
  const std::vector<PlannedRun> runs = plannedRuns(*playbook, *days, *zone, after, count);
  if (cli.has("json")) {
    std::printf("%s\n", runsJson(*playbook, *zone, runs).dump(2).c_str());
  } else if (std::none_of(playbook->triggers.begin(), playbook->triggers.end(),
                          [](const playbooks::Trigger& t) {
                            return std::holds_alternative<ScheduleTrigger>(t.kind);
                          })) {
    std::printf("playbook \"%s\" has no schedule triggers\n", name.c_str());
  } else if (runs.empty()) {
    std::printf("playbook \"%s\": no scheduled runs within 5 years\n", name.c_str());
  } else {
    for (const PlannedRun& run : runs) {
      const auto& trigger = std::get<ScheduleTrigger>(playbook->triggers[run.trigger].kind);
      std::printf("%s  %s\n", localRunText(run.at, *zone).c_str(), triggerText(trigger).c_str());
    }
  }
  noteMissingHolidays(*playbook, *days, *zone, runs);
  return kExitOk;
}

}  // namespace unyo::agent
