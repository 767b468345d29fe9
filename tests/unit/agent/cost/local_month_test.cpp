#include "agent/cost/local_month.h"

#include <gtest/gtest.h>

namespace unyo::agent {
namespace {

using std::chrono::seconds;

unyo::TimeZone tokyo() { return *unyo::TimeZone::load("Asia/Tokyo"); }

long unixOf(Clock::WallTime at) {
  return static_cast<long>(std::chrono::duration_cast<seconds>(at.time_since_epoch()).count());
}

TEST(LocalMonth, StartsAndEndsAtLocalMidnight) {
  const auto october = localMonth(tokyo(), 2026, 10);
  EXPECT_EQ(unixOf(october.start), 1790780400);  // 2026-09-30T15:00:00Z
  EXPECT_EQ(unixOf(october.end), 1793458800);    // 2026-10-31T15:00:00Z
  EXPECT_EQ(october.hours(), 31 * 24);
  EXPECT_EQ(october.name(), "2026-10");
  EXPECT_TRUE(october.contains(october.start));
  EXPECT_FALSE(october.contains(october.end));
  EXPECT_FALSE(october.contains(october.start - seconds(1)));
}

TEST(LocalMonth, TheMonthOfAnInstantIsTheLocalOne) {
  // 2026-10-31T15:30Z is already November 1 in Tokyo.
  const auto month = localMonthOf(tokyo(), Clock::WallTime(seconds(1793460600)));
  EXPECT_EQ(month.year, 2026);
  EXPECT_EQ(month.month, 11);
  EXPECT_EQ(localMonthOf(unyo::TimeZone::utc(), Clock::WallTime(seconds(1793460600))).month, 10);
}

TEST(LocalMonth, DatesHoursLeftAndTheMonthBefore) {
  const auto february = localMonth(tokyo(), 2028, 2);  // a leap year
  EXPECT_EQ(february.lastDay(), (unyo::CivilDate{2028, 2, 29}));
  EXPECT_TRUE(february.containsDate("2028-02-29"));
  EXPECT_FALSE(february.containsDate("2028-03-01"));
  EXPECT_FALSE(february.containsDate("2028-02"));
  EXPECT_EQ(february.hoursLeft(february.start - seconds(10)), 29 * 24);
  EXPECT_EQ(february.hoursLeft(february.end - std::chrono::hours(5)), 5);
  EXPECT_EQ(february.hoursLeft(february.end + seconds(10)), 0);
  const auto december = previousMonth(tokyo(), localMonth(tokyo(), 2027, 1));
  EXPECT_EQ(december.name(), "2026-12");
  EXPECT_EQ(december.end, localMonth(tokyo(), 2027, 1).start);
}

TEST(LocalMonth, ParsesYearAndMonthStrictly) {
  EXPECT_EQ(parseYearMonth("2026-10"), std::make_pair(2026, 10));
  for (const char* bad : {"2026-13", "2026-00", "2026-1", "26-10", "2026/10", "2026-10-01",
                          "２０２６-10", "+026-10", "2026--1", ""}) {
    EXPECT_FALSE(parseYearMonth(bad)) << bad;
  }
}

TEST(LocalMonth, TheMonthsCostSumsItsLedgerDays) {
  std::map<std::string, DayTotals> days;
  days["2026-10-31"].costYen["compute"] = 1;
  days["2026-11-01"].costYen["compute"] = 10;
  days["2026-11-30"].costYen["compute"] = 20;
  days["2026-11-30"].costYen["fixed"] = 5;
  days["2026-12-01"].costYen["compute"] = 100;
  const auto yen = monthCostYen(days, localMonth(tokyo(), 2026, 11));
  EXPECT_EQ(yen.at("compute"), 30);
  EXPECT_EQ(yen.at("fixed"), 5);
}

}  // namespace
}  // namespace unyo::agent
