#include "agent/fleet/fleet_period.h"

#include <cmath>
#include <string>

namespace unyo::agent {
namespace {

double secondsBetween(Clock::WallTime from, Clock::WallTime to) {
  return std::chrono::duration<double>(to - from).count();
}

}  // namespace

long long FleetPeriod::seconds() const {
  return std::max(1LL, static_cast<long long>(std::ceil(secondsBetween(month.start, until))));
}

double FleetPeriod::shareOfMonth() const {
  return std::min(1.0, secondsBetween(month.start, until) / secondsBetween(month.start, month.end));
}

Expected<FleetPeriod> fleetPeriod(std::optional<std::string_view> month, Clock::WallTime now,
                                  const unyo::TimeZone& zone) {
  FleetPeriod period;
  if (month) {
    const auto parsed = parseYearMonth(*month);
    if (!parsed)
      return fail("--month takes YYYY-MM, not \"" + std::string(*month) + "\"", ErrorKind::invalid);
    period.month = localMonth(zone, parsed->first, parsed->second);
    if (period.month.start > now) {
      return fail("--month " + std::string(*month) + " has not begun", ErrorKind::invalid);
    }
  } else {
    period.month = previousMonth(zone, localMonthOf(zone, now));
  }
  period.partial = now < period.month.end;
  period.until = period.partial ? now : period.month.end;
  period.lastDay = period.partial ? zone.toCivil(now).date() : period.month.lastDay();
  return period;
}

}  // namespace unyo::agent
