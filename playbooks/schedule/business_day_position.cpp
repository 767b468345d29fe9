#include "playbooks/schedule/business_day_position.h"

#include <cstdlib>

namespace unyo::playbooks {
namespace {

constexpr int kMonday = 1;  // weekdayOf counts from Sunday = 0
constexpr int kDaysPerWeek = 7;

CivilDate periodStart(BusinessDayPeriod period, const CivilDate& date) {
  if (period == BusinessDayPeriod::month) return {date.year, date.month, 1};
  const int sinceMonday = (weekdayOf(date) - kMonday + kDaysPerWeek) % kDaysPerWeek;
  return addDays(date, -sinceMonday);
}

int periodLength(BusinessDayPeriod period, const CivilDate& start) {
  return period == BusinessDayPeriod::month ? daysInMonth(start.year, start.month) : kDaysPerWeek;
}

}  // namespace

CivilDate nextPeriodStart(BusinessDayPeriod period, const CivilDate& date) {
  const CivilDate start = periodStart(period, date);
  return addDays(start, periodLength(period, start));
}

std::optional<CivilDate> businessDayAt(BusinessDayPeriod period, int position,
                                       const CivilDate& date, const BusinessCalendar& days) {
  if (position == 0) return std::nullopt;
  const CivilDate start = periodStart(period, date);
  const int length = periodLength(period, start);
  // Count business days from the start for a positive position, from the
  // end for a negative one.
  const int step = position > 0 ? 1 : -1;
  int wanted = std::abs(position);
  for (int offset = position > 0 ? 0 : length - 1; offset >= 0 && offset < length; offset += step) {
    const CivilDate day = addDays(start, offset);
    if (days.isBusinessDay(day) && --wanted == 0) return day;
  }
  return std::nullopt;
}

}  // namespace unyo::playbooks
