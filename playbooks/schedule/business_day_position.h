#pragma once

// The business day at a position in its week or month: the first business
// day of the week (週初めの開庁日) is the Monday, or the Tuesday when Monday
// is a holiday; the last of the month (月末の開庁日) is the last weekday that
// is neither a holiday nor in the year-end closure. Weeks run Monday to
// Sunday.

#include <optional>

#include "base/civil_time.h"
#include "playbooks/schedule/business_calendar.h"

namespace unyo::playbooks {

enum class BusinessDayPeriod { week, month };

// The first day of the period after the one holding `date`.
CivilDate nextPeriodStart(BusinessDayPeriod period, const CivilDate& date);

// The business day at `position` in the period holding `date`: 1 the first,
// 2 the second, -1 the last, -2 the one before it. nullopt when the period
// has fewer business days than |position| (a week of holidays, the week of
// the year-end closure), and for position 0.
std::optional<CivilDate> businessDayAt(BusinessDayPeriod period, int position,
                                       const CivilDate& date, const BusinessCalendar& days);

}  // namespace unyo::playbooks
