#pragma once

// A calendar month in a time zone: where it starts and ends on the time
// line and which ledger dates belong to it. The month gauges, `unyo report`
// over a month and `unyo fleet report` all cut months here, so they agree
// on what "November's cost" is: the ledger days "2026-11-01" … "2026-11-30"
// (local dates), or the instants from local midnight of the 1st to local
// midnight of the next 1st.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "agent/cost/ledger_entries.h"
#include "base/civil_time.h"
#include "base/clock.h"
#include "base/time_zone.h"

namespace unyo::agent {

struct LocalMonth {
  int year = 1970;
  int month = 1;          // 1-12
  Clock::WallTime start;  // local midnight of the 1st
  Clock::WallTime end;    // local midnight of the next month's 1st

  unyo::CivilDate firstDay() const { return {year, month, 1}; }
  unyo::CivilDate lastDay() const { return {year, month, unyo::daysInMonth(year, month)}; }
  // "2026-11"
  std::string name() const;

  bool contains(Clock::WallTime at) const { return start <= at && at < end; }
  // Whether a ledger date ("2026-11-28") falls in this month.
  bool containsDate(std::string_view isoDate) const;
  double hours() const;
  // Hours from `at` to the month's end; 0 at or after it, all of them before it.
  double hoursLeft(Clock::WallTime at) const;
};

// The month `year`-`month` (valid month) in `zone`.
LocalMonth localMonth(const unyo::TimeZone& zone, int year, int month);
// The month `at` falls in, in `zone`.
LocalMonth localMonthOf(const unyo::TimeZone& zone, Clock::WallTime at);
// The month before `month`.
LocalMonth previousMonth(const unyo::TimeZone& zone, const LocalMonth& month);
// "2026-11" → {2026, 11}; nullopt for anything else.
std::optional<std::pair<int, int>> parseYearMonth(std::string_view text);

// Cost by component over the ledger days of `month`: the sum `unyo report
// --from <1st> --to <last>` shows.
std::map<std::string, double> monthCostYen(const std::map<std::string, DayTotals>& days,
                                           const LocalMonth& month);

}  // namespace unyo::agent
