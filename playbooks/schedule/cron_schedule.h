#pragma once

// A 5-field cron expression (minute hour day-of-month month day-of-week)
// with ranges (1-5), steps (*/15, 0-30/10), lists (1,15), month names
// (JAN-DEC) and day names (SUN-SAT, 0 or 7 for Sunday). As in Vixie cron,
// when both day-of-month and day-of-week are restricted, a day matching
// either matches.
//
// next() answers in civil time of a time zone, so "0 3 * * *" in
// Asia/Tokyo is 03:00 JST every day; DST gaps and overlaps are handled the
// way cron does (a skipped local time fires at the next valid minute, a
// repeated one fires once).

#include <array>
#include <bitset>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "collectors/clock.h"
#include "collectors/error.h"

namespace unyo::playbooks {

class TimeZone;

class CronSchedule {
 public:
  // Errors say which field is wrong and why: "minute field \"61\": 61 is out of range 0-59".
  static Expected<CronSchedule> parse(std::string_view text);

  // The first fire time strictly after `after`, in `zone`; nullopt when
  // none exists within the next 5 years (e.g. "0 0 30 2 *").
  std::optional<Clock::WallTime> next(Clock::WallTime after, const TimeZone& zone) const;

  // Whether the civil minute (in `zone`) containing `at` matches.
  bool matches(Clock::WallTime at, const TimeZone& zone) const;

  CronSchedule() = default;

 private:
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> daysOfMonth_;  // 1-31
  std::bitset<13> months_;       // 1-12
  std::bitset<7> daysOfWeek_;    // 0 = Sunday
  bool dayOfMonthRestricted_ = false;
  bool dayOfWeekRestricted_ = false;
};

}  // namespace unyo::playbooks
