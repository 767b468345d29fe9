#pragma once

// How a schedule trigger's `calendar:` is written (docs/playbooks.md,
// Triggers): a name, or {nth_business_day_of_month: N}. Shared by the
// parser and everything that shows a trigger, so they read alike.

#include <span>
#include <string>
#include <string_view>

#include "playbooks/playbook.h"

namespace unyo::playbooks {

struct CalendarName {
  std::string_view name;  // "first_business_day_of_week"
  Calendar calendar;
  int businessDayPosition;
};

// The names `calendar:` takes as a plain value, in the order the docs list them.
std::span<const CalendarName> calendarNames();

// The key of `calendar: {nth_business_day_of_month: N}`.
inline constexpr std::string_view kNthBusinessDayOfMonthKey = "nth_business_day_of_month";

// No month has more business days than weekdays, and a 31-day month has at
// most 23 of those: a larger position would never fire.
inline constexpr int kMaxBusinessDayOfMonth = 23;

// The calendar as a playbook writes it: "business_days",
// "first_business_day_of_week", "nth_business_day_of_month: -2".
std::string calendarText(const ScheduleTrigger& trigger);

}  // namespace unyo::playbooks
