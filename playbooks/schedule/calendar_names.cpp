#include "playbooks/schedule/calendar_names.h"

#include <array>

namespace unyo::playbooks {
namespace {

constexpr std::array<CalendarName, 7> kNames = {{
    {"any", Calendar::any, 0},
    {"business_days", Calendar::businessDays, 0},
    {"non_business_days", Calendar::nonBusinessDays, 0},
    {"first_business_day_of_week", Calendar::businessDayOfWeek, 1},
    {"last_business_day_of_week", Calendar::businessDayOfWeek, -1},
    {"first_business_day_of_month", Calendar::businessDayOfMonth, 1},
    {"last_business_day_of_month", Calendar::businessDayOfMonth, -1},
}};

}  // namespace

std::span<const CalendarName> calendarNames() { return kNames; }

std::string calendarText(const ScheduleTrigger& trigger) {
  for (const CalendarName& known : kNames) {
    const bool positioned = trigger.calendar == Calendar::businessDayOfWeek ||
                            trigger.calendar == Calendar::businessDayOfMonth;
    if (known.calendar == trigger.calendar &&
        (!positioned || known.businessDayPosition == trigger.businessDayPosition)) {
      return std::string(known.name);
    }
  }
  const std::string position = std::to_string(trigger.businessDayPosition);
  if (trigger.calendar == Calendar::businessDayOfMonth) {
    return std::string(kNthBusinessDayOfMonthKey) + ": " + position;
  }
  // Playbooks cannot ask for other positions in a week; a trigger built in
  // code still gets an honest description.
  return "business day " + position + " of the week";
}

}  // namespace unyo::playbooks
