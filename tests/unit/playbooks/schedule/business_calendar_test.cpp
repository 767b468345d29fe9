#include "playbooks/schedule/business_calendar.h"

#include <gtest/gtest.h>

#include <string>

#include "unit/playbooks/schedule/schedule_test_support.h"

namespace unyo::playbooks {
namespace {

using testing::fixturePath;

BusinessCalendar nationalCalendar(YearEndClosure closure = {}) {
  auto calendar = BusinessCalendar::load(fixturePath("data/syukujitsu-2025-2027.csv"), closure);
  EXPECT_TRUE(calendar) << calendar.error().toString();
  return calendar.value_or(BusinessCalendar());
}

TEST(BusinessCalendar, CivilDateArithmetic) {
  EXPECT_EQ(addDays({2028, 2, 28}, 1), (CivilDate{2028, 2, 29}));
  EXPECT_EQ(addDays({2026, 2, 28}, 1), (CivilDate{2026, 3, 1}));
  EXPECT_EQ(addDays({2026, 12, 31}, 1), (CivilDate{2027, 1, 1}));
  EXPECT_EQ(addDays({2026, 1, 1}, -1), (CivilDate{2025, 12, 31}));
  EXPECT_EQ(weekdayOf({2026, 4, 5}), 0);  // Sunday
  EXPECT_EQ(weekdayOf({2026, 4, 4}), 6);  // Saturday
  EXPECT_EQ(daysInMonth(2028, 2), 29);
  EXPECT_EQ(daysInMonth(2100, 2), 28);
  EXPECT_FALSE(isValidDate(2026, 2, 29));
  EXPECT_FALSE(isValidDate(2026, 13, 1));
}

TEST(BusinessCalendar, WeekendsAreNotBusinessDays) {
  const BusinessCalendar calendar;
  EXPECT_EQ(calendar.reasonNotBusinessDay(2026, 4, 4), "Saturday");
  EXPECT_EQ(calendar.reasonNotBusinessDay(2026, 4, 5), "Sunday");
  EXPECT_TRUE(calendar.isBusinessDay(2026, 4, 6));
  EXPECT_EQ(calendar.reasonNotBusinessDay(2026, 4, 6), std::nullopt);
  EXPECT_FALSE(calendar.isBusinessDay(2026, 4, 4));
}

TEST(BusinessCalendar, NationalHolidaysAreNotBusinessDays) {
  const BusinessCalendar calendar = nationalCalendar();
  EXPECT_EQ(calendar.reasonNotBusinessDay(2026, 4, 29), "holiday: 昭和の日");
  EXPECT_EQ(calendar.reasonNotBusinessDay(2026, 5, 6), "holiday: 休日");
  EXPECT_EQ(calendar.reasonNotBusinessDay(2026, 9, 22), "holiday: 休日");
  // A holiday on a Sunday is named as the holiday.
  EXPECT_EQ(calendar.reasonNotBusinessDay(2026, 5, 3), "holiday: 憲法記念日");
  EXPECT_TRUE(calendar.isBusinessDay(2026, 4, 30));
  EXPECT_TRUE(calendar.isBusinessDay(2026, 5, 7));
  EXPECT_EQ(calendar.lastHolidayYear(), 2027);
  EXPECT_EQ(BusinessCalendar().lastHolidayYear(), std::nullopt);
}

TEST(BusinessCalendar, YearEndClosureIsTwelveTwentyNineToOneThreeInclusive) {
  const BusinessCalendar calendar = nationalCalendar();
  EXPECT_TRUE(calendar.isBusinessDay(2026, 12, 28));  // Monday
  EXPECT_EQ(calendar.reasonNotBusinessDay(2026, 12, 29), "year-end closure");
  EXPECT_EQ(calendar.reasonNotBusinessDay(2026, 12, 31), "year-end closure");
  EXPECT_EQ(calendar.reasonNotBusinessDay(2027, 1, 1), "holiday: 元日");
  EXPECT_EQ(calendar.reasonNotBusinessDay(2027, 1, 2), "year-end closure");  // also a Saturday
  EXPECT_EQ(calendar.reasonNotBusinessDay(2026, 1, 2), "year-end closure");  // a Friday
  EXPECT_TRUE(calendar.isBusinessDay(2027, 1, 4));
  EXPECT_TRUE(calendar.isBusinessDay(2026, 1, 5));
}

TEST(BusinessCalendar, CustomAndDisabledClosures) {
  const BusinessCalendar longer({}, YearEndClosure{true, {12, 28}, {1, 4}});
  EXPECT_EQ(longer.reasonNotBusinessDay(2026, 12, 28), "year-end closure");
  EXPECT_EQ(longer.reasonNotBusinessDay(2027, 1, 4), "year-end closure");
  EXPECT_TRUE(longer.isBusinessDay(2027, 1, 5));

  // A closure that does not wrap across the new year.
  const BusinessCalendar december({}, YearEndClosure{true, {12, 26}, {12, 31}});
  EXPECT_EQ(december.reasonNotBusinessDay(2025, 12, 26), "year-end closure");
  EXPECT_TRUE(december.isBusinessDay(2025, 12, 25));
  EXPECT_TRUE(december.isBusinessDay(2026, 1, 2));

  const BusinessCalendar none = nationalCalendar(YearEndClosure{false, {12, 29}, {1, 3}});
  EXPECT_TRUE(none.isBusinessDay(2026, 12, 29));
  EXPECT_TRUE(none.isBusinessDay(2026, 12, 30));
  EXPECT_EQ(none.reasonNotBusinessDay(2027, 1, 1), "holiday: 元日");
}

TEST(BusinessCalendar, UnnamedDaysAndInvalidDates) {
  auto calendar = BusinessCalendar::load(fixturePath("holidays/utf8-bom-lf.csv"), {});
  ASSERT_TRUE(calendar) << calendar.error().toString();
  EXPECT_EQ(calendar->reasonNotBusinessDay(2026, 8, 13), "holiday: 市の閉庁日");
  EXPECT_EQ(calendar->reasonNotBusinessDay(2026, 8, 14), "holiday");
  EXPECT_EQ(calendar->reasonNotBusinessDay(2026, 2, 30), "invalid date");
  EXPECT_FALSE(calendar->isBusinessDay(2026, 2, 30));
}

TEST(BusinessCalendar, LoadWithoutAFileKnowsWeekendsAndTheClosure) {
  auto calendar = BusinessCalendar::load({}, {});
  ASSERT_TRUE(calendar);
  EXPECT_TRUE(calendar->isBusinessDay(2026, 4, 29));
  EXPECT_EQ(calendar->reasonNotBusinessDay(2026, 12, 30), "year-end closure");
}

TEST(BusinessCalendar, LoadErrorsNameTheFile) {
  const auto missing = fixturePath("holidays/no-such-file.csv");
  auto notThere = BusinessCalendar::load(missing, {});
  ASSERT_FALSE(notThere);
  EXPECT_EQ(notThere.error().toString(),
            "holidays file \"" + missing.string() + "\": No such file or directory");

  const auto directory = fixturePath("holidays");
  auto aDirectory = BusinessCalendar::load(directory, {});
  ASSERT_FALSE(aDirectory);
  EXPECT_EQ(aDirectory.error().message,
            "holidays file \"" + directory.string() + "\": is a directory");

  const auto bad = fixturePath("holidays/bad-date.csv");
  auto badLine = BusinessCalendar::load(bad, {});
  ASSERT_FALSE(badLine);
  ASSERT_TRUE(badLine.error().where);
  EXPECT_EQ(badLine.error().where->file, bad.string());
  EXPECT_EQ(badLine.error().where->line, 4);
  EXPECT_EQ(badLine.error().where->column, 1);
  EXPECT_EQ(badLine.error().toString(), bad.string() + ":4:1: invalid date \"2025/13/1\"");
}

TEST(BusinessCalendar, LoadRejectsAClosureDayNoYearHas) {
  auto badMonth = BusinessCalendar::load({}, YearEndClosure{true, {13, 1}, {1, 3}});
  ASSERT_FALSE(badMonth);
  EXPECT_EQ(badMonth.error().message, "year-end closure day 13/1 is not a valid month/day");
  auto badDay = BusinessCalendar::load({}, YearEndClosure{true, {12, 29}, {2, 30}});
  ASSERT_FALSE(badDay);
  EXPECT_EQ(badDay.error().message, "year-end closure day 2/30 is not a valid month/day");
  EXPECT_TRUE(BusinessCalendar::load({}, YearEndClosure{true, {2, 29}, {3, 1}}));
  EXPECT_TRUE(BusinessCalendar::load({}, YearEndClosure{false, {13, 1}, {1, 3}}));
}

}  // namespace
}  // namespace unyo::playbooks
