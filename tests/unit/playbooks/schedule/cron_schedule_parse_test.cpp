#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "base/time_zone.h"
#include "playbooks/schedule/cron_schedule.h"
#include "unit/playbooks/schedule/schedule_test_support.h"

namespace unyo::playbooks {
namespace {

using testing::utcTime;

CronSchedule parsed(std::string_view text) {
  auto cron = CronSchedule::parse(text);
  EXPECT_TRUE(cron) << text << ": " << cron.error().message;
  return cron.value_or(CronSchedule());
}

// The minutes of 2026-04-01 10:00-10:59 UTC (a Wednesday) that `text` fires at.
std::vector<int> minutesWithinAnHour(std::string_view text) {
  const CronSchedule cron = parsed(text);
  std::vector<int> minutes;
  for (int minute = 0; minute < 60; ++minute) {
    if (cron.matches(utcTime(2026, 4, 1, 10, minute), TimeZone::utc())) minutes.push_back(minute);
  }
  return minutes;
}

TEST(CronScheduleParse, RejectsBadExpressionsNamingTheFieldAndTheProblem) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "expected 5 fields, got 0"},
      {"* * * *", "expected 5 fields, got 4"},
      {"0 3 * * * *", "expected 5 fields, got 6"},
      {"60 * * * *", "minute field \"60\": 60 is out of range 0-59"},
      {"* 25 * * *", "hour field \"25\": 25 is out of range 0-23"},
      {"* * 0 * *", "day-of-month field \"0\": 0 is out of range 1-31"},
      {"* * 32 * *", "day-of-month field \"32\": 32 is out of range 1-31"},
      {"* * * 13 *", "month field \"13\": 13 is out of range 1-12"},
      {"* * * * 8", "day-of-week field \"8\": 8 is out of range 0-7"},
      {"* * * * MOM", "day-of-week field \"MOM\": unknown name"},
      {"* * * * MON,MOM", "day-of-week field \"MON,MOM\": unknown name \"MOM\""},
      {"* * * FOO *", "month field \"FOO\": unknown name"},
      {"MON * * * *", "minute field \"MON\": \"MON\" is not a number"},
      {"1a * * * *", "minute field \"1a\": \"1a\" is not a number"},
      {"*/0 * * * *", "minute field \"*/0\": step 0 is out of range 1-60"},
      {"*/90 * * * *", "minute field \"*/90\": step 90 is out of range 1-60"},
      {"*/x * * * *", "minute field \"*/x\": step \"x\" is not a number"},
      {"*/ * * * *", "minute field \"*/\": missing step after \"/\""},
      {"* 1- * * *", "hour field \"1-\": missing end of range after \"-\""},
      {"30-10 * * * *", "minute field \"30-10\": range 30-10 ends before it starts"},
      {"* * * DEC-JAN *", "month field \"DEC-JAN\": range DEC-JAN ends before it starts"},
      {"1,,2 * * * *", "minute field \"1,,2\": empty list item"},
      {"5, * * * *", "minute field \"5,\": empty list item"},
      {"-5 * * * *", "minute field \"-5\": expected a number or \"*\" at \"-5\""},
      {"* * * * ?", "day-of-week field \"?\": expected a number, a name or \"*\" at \"?\""},
      {"** * * * *", "minute field \"**\": unexpected \"*\" after \"*\""},
      {"* * * * 5#2", "day-of-week field \"5#2\": unexpected \"#2\" after \"5\""},
      {"99999999999 * * * *", "minute field \"99999999999\": 99999999999 is out of range 0-59"},
  };
  for (const auto& [text, message] : cases) {
    auto cron = CronSchedule::parse(text);
    ASSERT_FALSE(cron) << text;
    EXPECT_EQ(cron.error().message, message) << text;
  }
}

TEST(CronScheduleParse, AcceptsBlanksAndTabsBetweenFields) {
  EXPECT_EQ(parsed("  0\t3 *  * *  "), parsed("0 3 * * *"));
}

TEST(CronScheduleParse, StepsRangesAndLists) {
  EXPECT_EQ(minutesWithinAnHour("*/15 * * * *"), (std::vector<int>{0, 15, 30, 45}));
  EXPECT_EQ(minutesWithinAnHour("1-30/5 * * * *"), (std::vector<int>{1, 6, 11, 16, 21, 26}));
  // "5/10" is "5-59/10", as in Vixie cron.
  EXPECT_EQ(minutesWithinAnHour("5/10 * * * *"), (std::vector<int>{5, 15, 25, 35, 45, 55}));
  EXPECT_EQ(minutesWithinAnHour("1,15,59 * * * *"), (std::vector<int>{1, 15, 59}));
  EXPECT_EQ(minutesWithinAnHour("0-2,50-59/5 * * * *"), (std::vector<int>{0, 1, 2, 50, 55}));
  EXPECT_EQ(minutesWithinAnHour("*/60 * * * *"), (std::vector<int>{0}));
  EXPECT_TRUE(minutesWithinAnHour("* 9 * * *").empty());
}

TEST(CronScheduleParse, NamesInAnyCaseAndBothSundays) {
  EXPECT_EQ(parsed("0 9 * jan,Jul mon-fri"), parsed("0 9 * 1,7 1-5"));
  EXPECT_EQ(parsed("0 9 * * SUN"), parsed("0 9 * * 0"));
  EXPECT_EQ(parsed("0 9 * * 7"), parsed("0 9 * * 0"));
  EXPECT_EQ(parsed("0 9 * * 0,7"), parsed("0 9 * * 0"));
  EXPECT_EQ(parsed("0 9 * * FRI-SUN"), parsed("0 9 * * 0,5,6"));
  EXPECT_EQ(parsed("0 9 * * 5-7"), parsed("0 9 * * 0,5,6"));
  EXPECT_EQ(parsed("0 9 * * 0-6/2"), parsed("0 9 * * 0,2,4,6"));
  EXPECT_EQ(parsed("0 9 * DEC *"), parsed("0 9 * 12 *"));
  EXPECT_NE(parsed("0 9 * * MON"), parsed("0 9 * * TUE"));
}

TEST(CronScheduleParse, MatchesTheCivilMinuteInTheZone) {
  const CronSchedule cron = parsed("*/15 9-17 * * MON-FRI");
  const TimeZone tokyo = testing::zoneNamed("Asia/Tokyo");
  // Wednesday 2026-04-01 09:30:45 JST.
  EXPECT_TRUE(cron.matches(utcTime(2026, 4, 1, 0, 30, 45), tokyo));
  EXPECT_FALSE(cron.matches(utcTime(2026, 4, 1, 0, 31), tokyo));
  EXPECT_FALSE(cron.matches(utcTime(2026, 4, 1, 0, 30), TimeZone::utc()));  // 00:30 UTC
  EXPECT_FALSE(cron.matches(utcTime(2026, 4, 4, 0, 30), tokyo));            // Saturday
  EXPECT_TRUE(cron.matches(utcTime(2026, 4, 1, 8, 45), tokyo));             // 17:45
  EXPECT_FALSE(cron.matches(utcTime(2026, 4, 1, 9, 0), tokyo));             // 18:00
}

}  // namespace
}  // namespace unyo::playbooks
