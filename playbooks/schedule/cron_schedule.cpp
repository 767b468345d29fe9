#include "playbooks/schedule/cron_schedule.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <vector>

#include "base/civil_time.h"
#include "base/time_zone.h"
#include "playbooks/schedule/cron_field.h"

namespace unyo::playbooks {
namespace {

constexpr std::string_view kMonthNames[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                            "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::string_view kDayNames[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

constexpr std::array<CronFieldSpec, 5> kFields = {{
    {"minute", 0, 59, 59, {}},
    {"hour", 0, 23, 23, {}},
    {"day-of-month", 1, 31, 31, {}},
    {"month", 1, 12, 12, kMonthNames},
    {"day-of-week", 0, 7, 6, kDayNames},  // 7 is Sunday again
}};

constexpr int kSearchYears = 5;

// A job with "*" in minute or hour fires at both occurrences of a repeated
// civil minute, and the second one can come later in real time than civil
// minutes after `after`'s: start the search this far back in civil time
// (tz database overlaps last an hour, rarely two).
constexpr int kLookBehindHours = 3;

std::vector<std::string_view> splitFields(std::string_view text) {
  std::vector<std::string_view> fields;
  constexpr std::string_view kBlanks = " \t";
  for (std::size_t start = text.find_first_not_of(kBlanks); start != std::string_view::npos;) {
    const std::size_t end = std::min(text.find_first_of(kBlanks, start), text.size());
    fields.push_back(text.substr(start, end - start));
    start = text.find_first_not_of(kBlanks, end);
  }
  return fields;
}

// The first value >= from in `bits`, or -1.
template <std::size_t N>
int nextSet(const std::bitset<N>& bits, int from) {
  for (int i = from; i < static_cast<int>(N); ++i) {
    if (bits.test(static_cast<std::size_t>(i))) return i;
  }
  return -1;
}

template <std::size_t N>
bool has(const std::bitset<N>& bits, int value) {
  return bits.test(static_cast<std::size_t>(value));
}

}  // namespace

Expected<CronSchedule> CronSchedule::parse(std::string_view text) {
  const std::vector<std::string_view> texts = splitFields(text);
  if (texts.size() != kFields.size()) {
    return fail("expected 5 fields, got " + std::to_string(texts.size()));
  }
  std::array<CronField, 5> fields;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    auto field = parseCronField(texts[i], kFields[i]);
    if (!field) return std::unexpected(field.error());
    fields[i] = *field;
  }
  CronSchedule schedule;
  schedule.minutes_ = std::bitset<60>(fields[0].values);
  schedule.hours_ = std::bitset<24>(fields[1].values);
  schedule.daysOfMonth_ = std::bitset<32>(fields[2].values);
  schedule.months_ = std::bitset<13>(fields[3].values);
  schedule.daysOfWeek_ = std::bitset<7>(fields[4].values);
  schedule.dayOfMonthRestricted_ = !fields[2].startsWithStar;
  schedule.dayOfWeekRestricted_ = !fields[4].startsWithStar;
  schedule.fixedTimeOfDay_ = !fields[0].startsWithStar && !fields[1].startsWithStar;
  return schedule;
}

bool CronSchedule::dayMatches(const CivilDate& date) const {
  const bool dayOfMonth = has(daysOfMonth_, date.day);
  const bool dayOfWeek = has(daysOfWeek_, weekdayOf(date));
  if (dayOfMonthRestricted_ && dayOfWeekRestricted_) return dayOfMonth || dayOfWeek;
  return dayOfMonth && dayOfWeek;
}

bool CronSchedule::matches(Clock::WallTime at, const TimeZone& zone) const {
  const CivilTime civil = zone.toCivil(at);
  return has(minutes_, civil.minute) && has(hours_, civil.hour) && has(months_, civil.month) &&
         dayMatches(civil.date());
}

// Walks civil time forward from `after`'s civil minute, skipping whole
// months, days and hours that cannot match, and asks the zone for the
// instants of each matching civil minute. Instants grow with civil time
// except the second occurrences of a repeated hour, which are collected in
// `secondOccurrence` and win if earlier than the first regular candidate.
std::optional<Clock::WallTime> CronSchedule::next(Clock::WallTime after,
                                                  const TimeZone& zone) const {
  const CivilTime start = zone.toCivil(after);
  CivilDate date = start.date();
  int startHour = start.hour;
  int startMinute = start.minute;
  if (!fixedTimeOfDay_) {
    startHour -= kLookBehindHours;
    if (startHour < 0) {
      startHour += 24;
      date = addDays(date, -1);
    }
  }
  const CivilDate last{date.year + kSearchYears, date.month, date.day};
  std::optional<Clock::WallTime> secondOccurrence;
  for (; date <= last; date = addDays(date, 1), startHour = 0, startMinute = 0) {
    if (!has(months_, date.month)) {
      date.day = daysInMonth(date.year, date.month);  // the loop moves on to the next month
      continue;
    }
    if (!dayMatches(date)) continue;
    for (int hour = nextSet(hours_, startHour); hour >= 0; hour = nextSet(hours_, hour + 1)) {
      const int firstMinute = hour == startHour ? startMinute : 0;
      for (int minute = nextSet(minutes_, firstMinute); minute >= 0;
           minute = nextSet(minutes_, minute + 1)) {
        const CivilLookup found = zone.lookup(CivilTime::at(date, hour, minute));
        if (!fixedTimeOfDay_) {
          if (found.kind == CivilLookup::Kind::skipped) continue;
          if (found.kind == CivilLookup::Kind::repeated && found.second > after &&
              (!secondOccurrence || found.second < *secondOccurrence)) {
            secondOccurrence = found.second;
          }
        }
        if (found.first > after) {
          return secondOccurrence ? std::min(*secondOccurrence, found.first) : found.first;
        }
      }
    }
  }
  return secondOccurrence;
}

}  // namespace unyo::playbooks
