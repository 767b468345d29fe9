#pragma once

// A 5-field cron expression (minute hour day-of-month month day-of-week)
// with ranges (1-5), steps (*/15, 0-30/10, and 5/10 for 5-59/10), lists
// (1,15), month names (JAN-DEC) and day names (SUN-SAT, 0 or 7 for Sunday),
// names in any case. As in Vixie cron, when both day-of-month and
// day-of-week are restricted (do not start with "*"), a day matching either
// matches.
//
// next() answers in civil time of a time zone, so "0 3 * * *" in
// Asia/Tokyo is 03:00 JST every day. DST is handled the way Vixie cron does:
// a job at a fixed time of day (neither minute nor hour starts with "*")
// whose time is skipped by a DST gap fires once at the end of the gap, and
// fires once, at the first occurrence, when its time is repeated; a job
// with "*" in minute or hour follows elapsed time instead: nothing fires
// for skipped minutes, and repeated minutes fire at both occurrences.

#include <array>
#include <bitset>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/error.h"

namespace unyo {
class TimeZone;
struct CivilDate;
}  // namespace unyo

namespace unyo::playbooks {

class CronSchedule {
 public:
  // Errors say which field is wrong and why: "minute field \"61\": 61 is out of range 0-59",
  // "expected 5 fields, got 6".
  static Expected<CronSchedule> parse(std::string_view text);

  // The first fire time strictly after `after`, in `zone`; nullopt when
  // none exists within the next 5 years (e.g. "0 0 30 2 *").
  std::optional<Clock::WallTime> next(Clock::WallTime after, const TimeZone& zone) const;

  // Whether the civil minute (in `zone`) containing `at` matches.
  bool matches(Clock::WallTime at, const TimeZone& zone) const;

  CronSchedule() = default;
  bool operator==(const CronSchedule&) const = default;

 private:
  bool dayMatches(const CivilDate& date) const;

  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> daysOfMonth_;  // 1-31
  std::bitset<13> months_;       // 1-12
  std::bitset<7> daysOfWeek_;    // 0 = Sunday
  bool dayOfMonthRestricted_ = false;
  bool dayOfWeekRestricted_ = false;
  bool fixedTimeOfDay_ = false;  // neither minute nor hour starts with "*": see DST above
};

}  // namespace unyo::playbooks
