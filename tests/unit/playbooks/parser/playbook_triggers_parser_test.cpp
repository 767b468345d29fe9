// The schedule trigger's `calendar:` (docs/playbooks.md, Triggers): every
// name, the {nth_business_day_of_month: N} form, and the errors for what is
// not a calendar or does not fit one.

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "playbooks/parser/playbook_parser.h"
#include "playbooks/schedule/calendar_names.h"

namespace unyo::playbooks {
namespace {

// A playbook whose one trigger is `schedule` with `calendarLines` under it:
// the schedule is on line 3, the calendar starts on line 4.
std::string playbookText(std::string_view schedule, std::string_view calendarLines) {
  return "name: t\ntriggers:\n  - schedule: \"" + std::string(schedule) + "\"\n" +
         std::string(calendarLines) +
         "steps:\n  - id: w\n    action: wait\n    with: {duration: 1s}\n";
}

ScheduleTrigger scheduleOf(std::string_view schedule, std::string_view calendarLines) {
  auto playbook = parsePlaybook(playbookText(schedule, calendarLines), "t.yaml");
  EXPECT_TRUE(playbook) << playbook.error().toString();
  if (!playbook || playbook->triggers.size() != 1) return {};
  return std::get<ScheduleTrigger>(playbook->triggers[0].kind);
}

// Every error, "t.yaml:LINE:COL: message" a line; empty when it parses.
std::string errorsOf(std::string_view schedule, std::string_view calendarLines) {
  auto playbook = parsePlaybook(playbookText(schedule, calendarLines), "t.yaml");
  return playbook ? std::string() : playbook.error().toString();
}

constexpr std::string_view kChoices =
    "any, business_days, non_business_days, first_business_day_of_week, "
    "last_business_day_of_week, first_business_day_of_month, last_business_day_of_month or "
    "{nth_business_day_of_month: N}";

constexpr std::string_view kPositions =
    "1 to 23 (from the start of the month) or -1 to -23 (from its end: -1 is the last)";

TEST(ScheduleCalendar, WithoutACalendarEveryCronDayCounts) {
  const ScheduleTrigger trigger = scheduleOf("0 9 * * MON", "");
  EXPECT_EQ(trigger.calendar, Calendar::any);
  EXPECT_EQ(calendarText(trigger), "any");
}

TEST(ScheduleCalendar, EachNameReadsAsItsCalendarAndShowsAsWritten) {
  struct Case {
    std::string_view name;
    Calendar calendar;
    int position;
  };
  for (const Case& c : {
           Case{"any", Calendar::any, 0},
           Case{"business_days", Calendar::businessDays, 0},
           Case{"non_business_days", Calendar::nonBusinessDays, 0},
           Case{"first_business_day_of_week", Calendar::businessDayOfWeek, 1},
           Case{"last_business_day_of_week", Calendar::businessDayOfWeek, -1},
           Case{"first_business_day_of_month", Calendar::businessDayOfMonth, 1},
           Case{"last_business_day_of_month", Calendar::businessDayOfMonth, -1},
       }) {
    SCOPED_TRACE(c.name);
    const ScheduleTrigger trigger =
        scheduleOf("0 9 * * *", "    calendar: " + std::string(c.name) + "\n");
    EXPECT_EQ(trigger.calendar, c.calendar);
    EXPECT_EQ(trigger.businessDayPosition, c.position);
    EXPECT_EQ(calendarText(trigger), c.name);
  }
}

TEST(ScheduleCalendar, NthBusinessDayOfMonthTakesAPositionFromEitherEnd) {
  const ScheduleTrigger flow =
      scheduleOf("0 9 * * *", "    calendar: {nth_business_day_of_month: -2}\n");
  EXPECT_EQ(flow.calendar, Calendar::businessDayOfMonth);
  EXPECT_EQ(flow.businessDayPosition, -2);
  EXPECT_EQ(calendarText(flow), "nth_business_day_of_month: -2");

  const ScheduleTrigger block =
      scheduleOf("30 8 * * *", "    calendar:\n      nth_business_day_of_month: 23\n");
  EXPECT_EQ(block.calendar, Calendar::businessDayOfMonth);
  EXPECT_EQ(block.businessDayPosition, 23);

  // The first and the last have names of their own.
  const ScheduleTrigger first =
      scheduleOf("0 9 * * *", "    calendar: {nth_business_day_of_month: 1}\n");
  EXPECT_EQ(first.businessDayPosition, 1);
  EXPECT_EQ(calendarText(first), "first_business_day_of_month");
}

TEST(ScheduleCalendar, TheMonthFieldMayNarrowAWeekOrMonthCalendar) {
  // 年度末: the last business day of March.
  const ScheduleTrigger yearEnd =
      scheduleOf("30 18 * 3 *", "    calendar: last_business_day_of_month\n");
  EXPECT_EQ(yearEnd.calendar, Calendar::businessDayOfMonth);
  // Day fields are still free with the calendars that do not pick a day.
  EXPECT_EQ(errorsOf("0 9 * * MON", "    calendar: business_days\n"), "");
  EXPECT_EQ(errorsOf("0 9 1,15 * *", "    calendar: non_business_days\n"), "");
}

TEST(ScheduleCalendar, AnUnknownNameListsTheCalendars) {
  EXPECT_EQ(errorsOf("0 9 * * *", "    calendar: weekdays\n"),
            "t.yaml:4:15: calendar must be " + std::string(kChoices) + ", got \"weekdays\"\n");
  EXPECT_EQ(errorsOf("0 9 * * *", "    calendar: first_bussiness_day_of_week\n"),
            "t.yaml:4:15: calendar must be " + std::string(kChoices) +
                ", got \"first_bussiness_day_of_week\" (did you mean "
                "\"first_business_day_of_week\"?)\n");
  EXPECT_EQ(errorsOf("0 9 * * *", "    calendar: [business_days]\n"),
            "t.yaml:4:15: calendar must be " + std::string(kChoices) + ", got a list\n");
}

TEST(ScheduleCalendar, NthBusinessDayOfMonthNeedsAPositionInRange) {
  EXPECT_EQ(errorsOf("0 9 * * *", "    calendar: nth_business_day_of_month\n"),
            "t.yaml:4:15: nth_business_day_of_month needs the position: calendar: "
            "{nth_business_day_of_month: N}, N " +
                std::string(kPositions) + "\n");
  for (const std::string_view bad : {"0", "24", "-24", "last", "1.5"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(errorsOf("0 9 * * *",
                       "    calendar: {nth_business_day_of_month: " + std::string(bad) + "}\n"),
              "t.yaml:4:43: nth_business_day_of_month must be " + std::string(kPositions) +
                  ", got \"" + std::string(bad) + "\"\n");
  }
}

TEST(ScheduleCalendar, AMappingHoldsOnlyNthBusinessDayOfMonth) {
  const std::string expected =
      "t.yaml:4:15: calendar as a mapping must be {nth_business_day_of_month: N}; the other "
      "calendars are plain names, e.g. calendar: first_business_day_of_week\n";
  EXPECT_EQ(errorsOf("0 9 * * *", "    calendar: {first_business_day_of_week: true}\n"), expected);
  EXPECT_EQ(errorsOf("0 9 * * *",
                     "    calendar: {nth_business_day_of_month: 2, "
                     "first_business_day_of_week: 1}\n"),
            expected);
  EXPECT_EQ(errorsOf("0 9 * * *", "    calendar: {}\n"), expected);
}

TEST(ScheduleCalendar, AWeekOrMonthCalendarWantsStarInTheDayFields) {
  // Line 3 is `  - schedule: "0 9 * * MON"`: the text starts in column 16.
  EXPECT_EQ(errorsOf("0 9 * * MON", "    calendar: first_business_day_of_week\n"),
            "t.yaml:3:24: day-of-week \"MON\" cannot be used with calendar "
            "first_business_day_of_week, which picks the day itself: write * there, as in "
            "\"0 9 * * *\"\n");
  EXPECT_EQ(errorsOf("0 9 25-31 * *", "    calendar: last_business_day_of_month\n"),
            "t.yaml:3:20: day-of-month \"25-31\" cannot be used with calendar "
            "last_business_day_of_month, which picks the day itself: write * there, as in "
            "\"0 9 * * *\"\n");
  // Both restricted: one error, at the first; a step is a restriction too.
  EXPECT_EQ(errorsOf("0 9 */2 3 1-5", "    calendar: {nth_business_day_of_month: -2}\n"),
            "t.yaml:3:20: day-of-month \"*/2\" cannot be used with calendar "
            "nth_business_day_of_month: -2, which picks the day itself: write * there, as in "
            "\"0 9 * 3 *\"\n");
}

TEST(ScheduleCalendar, ABadCronIsReportedOnceEvenWithACalendar) {
  EXPECT_EQ(errorsOf("0 9 * *", "    calendar: first_business_day_of_week\n"),
            "t.yaml:3:15: schedule \"0 9 * *\": expected 5 fields, got 4\n");
}

}  // namespace
}  // namespace unyo::playbooks
