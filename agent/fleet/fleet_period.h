#pragma once

// The month a fleet report covers, in Asia/Tokyo (where budgets and the
// ledgers' days are kept): `--month YYYY-MM`, by default the month before
// the current one. A month not over yet is reported up to now and marked
// partial.

#include <optional>
#include <string_view>

#include "agent/cost/local_month.h"
#include "base/clock.h"
#include "base/error.h"
#include "base/time_zone.h"

namespace unyo::agent {

struct FleetPeriod {
  LocalMonth month;
  Clock::WallTime until;    // the month's end, or now when it is not over
  bool partial = false;     // the month is not over
  unyo::CivilDate lastDay;  // the month's last day, or today when it is not over

  // Seconds from the month's start to `until`, rounded up (at least 1).
  long long seconds() const;
  // The share of the month the period covers (1 when whole).
  double shareOfMonth() const;
};

// Errors (ErrorKind::invalid): "--month takes YYYY-MM, not \"2026-1\"",
// "--month 2027-01 has not begun".
Expected<FleetPeriod> fleetPeriod(std::optional<std::string_view> month, Clock::WallTime now,
                                  const unyo::TimeZone& zone);

}  // namespace unyo::agent
