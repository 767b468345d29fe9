#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/time_zone.h"
#include "playbooks/schedule/cron_schedule.h"
#include "unit/playbooks/schedule/schedule_test_support.h"

namespace unyo::playbooks {
namespace {

using testing::localText;
using testing::utcTime;
using testing::zoneNamed;

CronSchedule parsed(std::string_view text) {
  auto cron = CronSchedule::parse(text);
  EXPECT_TRUE(cron) << text << ": " << cron.error().message;
  return cron.value_or(CronSchedule());
}

// The next `count` fires after `after`, as local text in `zone`.
std::vector<std::string> fires(std::string_view text, Clock::WallTime after, const TimeZone& zone,
                               int count) {
  const CronSchedule cron = parsed(text);
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) {
    const auto next = cron.next(after, zone);
    out.push_back(localText(next, zone));
    if (!next) break;
    after = *next;
  }
  return out;
}

std::vector<std::string> utcFires(std::string_view text, Clock::WallTime after, int count) {
  return fires(text, after, TimeZone::utc(), count);
}

using Texts = std::vector<std::string>;

TEST(CronScheduleNext, IsStrictlyAfterAndStepsEveryQuarterHour) {
  EXPECT_EQ(
      utcFires("*/15 * * * *", utcTime(2026, 4, 1, 10, 7, 30), 4),
      (Texts{"2026-04-01 10:15", "2026-04-01 10:30", "2026-04-01 10:45", "2026-04-01 11:00"}));
  EXPECT_EQ(utcFires("*/15 * * * *", utcTime(2026, 4, 1, 10, 15), 1), (Texts{"2026-04-01 10:30"}));
  const auto next = parsed("*/15 * * * *").next(utcTime(2026, 4, 1, 10, 14, 59), TimeZone::utc());
  EXPECT_EQ(next, utcTime(2026, 4, 1, 10, 15));
}

TEST(CronScheduleNext, Lists) {
  EXPECT_EQ(utcFires("0 8,12,18 * * *", utcTime(2026, 4, 1, 12, 0), 3),
            (Texts{"2026-04-01 18:00", "2026-04-02 08:00", "2026-04-02 12:00"}));
}

TEST(CronScheduleNext, CrossesMonthEnds) {
  EXPECT_EQ(utcFires("0 0 1 * *", utcTime(2026, 1, 31, 23, 59), 1), (Texts{"2026-02-01 00:00"}));
  // Months without a 31st are skipped: Jan 31 -> Mar 31 -> May 31.
  EXPECT_EQ(utcFires("0 0 31 * *", utcTime(2026, 1, 31), 2),
            (Texts{"2026-03-31 00:00", "2026-05-31 00:00"}));
  EXPECT_EQ(utcFires("0 12 30 * *", utcTime(2026, 1, 30, 12), 1), (Texts{"2026-03-30 12:00"}));
  EXPECT_EQ(utcFires("30 23 * * *", utcTime(2026, 4, 30, 23, 30), 1), (Texts{"2026-05-01 23:30"}));
  EXPECT_EQ(utcFires("0 9 30 4 *", utcTime(2026, 4, 30, 9, 0), 1), (Texts{"2027-04-30 09:00"}));
}

TEST(CronScheduleNext, FindsTheNextLeapDay) {
  EXPECT_EQ(utcFires("0 0 29 2 *", utcTime(2026, 3, 1), 2),
            (Texts{"2028-02-29 00:00", "2032-02-29 00:00"}));
  EXPECT_EQ(utcFires("0 0 * 2 *", utcTime(2028, 2, 28, 0, 0), 2),
            (Texts{"2028-02-29 00:00", "2029-02-01 00:00"}));
}

TEST(CronScheduleNext, NoneWhenTheDayNeverExists) {
  EXPECT_EQ(parsed("0 0 30 2 *").next(utcTime(2026, 1, 1), TimeZone::utc()), std::nullopt);
  EXPECT_EQ(parsed("0 0 31 4,6,9,11 *").next(utcTime(2026, 1, 1), TimeZone::utc()), std::nullopt);
}

TEST(CronScheduleNext, CrossesYearBoundaries) {
  EXPECT_EQ(utcFires("0 0 1 1 *", utcTime(2026, 12, 31, 23, 59), 2),
            (Texts{"2027-01-01 00:00", "2028-01-01 00:00"}));
  EXPECT_EQ(utcFires("59 23 31 12 *", utcTime(2026, 12, 31, 23, 59), 1),
            (Texts{"2027-12-31 23:59"}));
  EXPECT_EQ(utcFires("* * * * *", utcTime(2026, 12, 31, 23, 59, 30), 2),
            (Texts{"2027-01-01 00:00", "2027-01-01 00:01"}));
}

TEST(CronScheduleNext, DayNamesAndMonthNames) {
  // 2026-04-01 is a Wednesday.
  EXPECT_EQ(utcFires("0 9 * * MON-FRI", utcTime(2026, 4, 2, 9, 0), 3),
            (Texts{"2026-04-03 09:00", "2026-04-06 09:00", "2026-04-07 09:00"}));
  EXPECT_EQ(utcFires("0 9 1 jul,DEC *", utcTime(2026, 4, 1), 3),
            (Texts{"2026-07-01 09:00", "2026-12-01 09:00", "2027-07-01 09:00"}));
  EXPECT_EQ(utcFires("0 0 * * 7", utcTime(2026, 4, 1), 1), (Texts{"2026-04-05 00:00"}));
}

TEST(CronScheduleNext, DayOfMonthOrDayOfWeekWhenBothAreRestricted) {
  // The 13th, and every Friday.
  EXPECT_EQ(
      utcFires("0 0 13 * FRI", utcTime(2026, 4, 1), 4),
      (Texts{"2026-04-03 00:00", "2026-04-10 00:00", "2026-04-13 00:00", "2026-04-17 00:00"}));
  // "*/2" starts with "*", so day-of-month is not restricted: odd days AND Mondays.
  EXPECT_EQ(utcFires("0 0 */2 * MON", utcTime(2026, 4, 1), 2),
            (Texts{"2026-04-13 00:00", "2026-04-27 00:00"}));
}

TEST(CronScheduleNext, AnswersInTheZonesCivilTime) {
  const TimeZone tokyo = zoneNamed("Asia/Tokyo");
  const CronSchedule daily = parsed("0 3 * * *");
  // 03:00 JST is 18:00Z the day before.
  EXPECT_EQ(daily.next(utcTime(2026, 4, 1), tokyo), utcTime(2026, 4, 1, 18, 0));
  EXPECT_EQ(daily.next(utcTime(2026, 4, 1), TimeZone::utc()), utcTime(2026, 4, 1, 3, 0));
  EXPECT_EQ(daily.next(utcTime(2026, 4, 1, 18, 0), tokyo), utcTime(2026, 4, 2, 18, 0));
  // Monday 09:00 JST is Monday 00:00Z; at 23:59Z on Sunday it is already Monday in Tokyo.
  EXPECT_EQ(parsed("0 9 * * MON").next(utcTime(2026, 4, 5, 23, 59), tokyo),
            utcTime(2026, 4, 6, 0, 0));
}

// America/New_York 2026: 02:00 EST -> 03:00 EDT on 03-08, 02:00 EDT -> 01:00 EST on 11-01.
TEST(CronScheduleNext, AFixedTimeInTheSpringGapFiresOnceWhenTheGapEnds) {
  const TimeZone newYork = zoneNamed("America/New_York");
  const CronSchedule daily = parsed("30 2 * * *");
  const auto gapDay = daily.next(utcTime(2026, 3, 7, 12, 0), newYork);
  EXPECT_EQ(gapDay, utcTime(2026, 3, 8, 7, 0));                         // 03:00 EDT
  EXPECT_EQ(daily.next(*gapDay, newYork), utcTime(2026, 3, 9, 6, 30));  // 02:30 EDT
  // Two times in the gap still fire once.
  EXPECT_EQ(fires("0,30 2 * * *", utcTime(2026, 3, 8, 5, 0), newYork, 2),
            (Texts{"2026-03-08 03:00", "2026-03-09 02:00"}));
}

TEST(CronScheduleNext, AFixedTimeInTheFallOverlapFiresOnce) {
  const TimeZone newYork = zoneNamed("America/New_York");
  const CronSchedule daily = parsed("30 1 * * *");
  const auto overlapDay = daily.next(utcTime(2026, 10, 31, 16, 0), newYork);
  EXPECT_EQ(overlapDay, utcTime(2026, 11, 1, 5, 30));  // 01:30 EDT, the first 01:30
  EXPECT_EQ(daily.next(*overlapDay, newYork), utcTime(2026, 11, 2, 6, 30));  // next day, EST
}

TEST(CronScheduleNext, WildcardJobsFollowElapsedTimeAcrossDst) {
  const TimeZone newYork = zoneNamed("America/New_York");
  // Hourly fires every real hour through the repeated hour: 01:00 EDT, 01:00 EST, 02:00 EST.
  const CronSchedule hourly = parsed("0 * * * *");
  EXPECT_EQ(hourly.next(utcTime(2026, 11, 1, 4, 30), newYork), utcTime(2026, 11, 1, 5, 0));
  EXPECT_EQ(hourly.next(utcTime(2026, 11, 1, 5, 0), newYork), utcTime(2026, 11, 1, 6, 0));
  EXPECT_EQ(hourly.next(utcTime(2026, 11, 1, 5, 30), newYork), utcTime(2026, 11, 1, 6, 0));
  EXPECT_EQ(hourly.next(utcTime(2026, 11, 1, 6, 0), newYork), utcTime(2026, 11, 1, 7, 0));
  // Half-hourly skips the missing hour: 01:30 EST, then 03:00 EDT.
  const CronSchedule halfHourly = parsed("*/30 * * * *");
  EXPECT_EQ(halfHourly.next(utcTime(2026, 3, 8, 6, 30), newYork), utcTime(2026, 3, 8, 7, 0));
  EXPECT_EQ(halfHourly.next(utcTime(2026, 3, 8, 7, 0), newYork), utcTime(2026, 3, 8, 7, 30));
}

TEST(CronScheduleNext, SkipsWholeYearsQuickly) {
  // A schedule that fires once every four years still answers at once.
  // In February, the 29th OR a Monday: Monday 2027-02-01 comes first.
  const CronSchedule cron = parsed("0 0 29 2 MON");
  EXPECT_EQ(cron.next(utcTime(2026, 4, 1), TimeZone::utc()), utcTime(2027, 2, 1));
  const CronSchedule rare = parsed("59 23 29 2 *");
  for (int i = 0; i < 1000; ++i) {
    EXPECT_EQ(rare.next(utcTime(2028, 3, 1), TimeZone::utc()), utcTime(2032, 2, 29, 23, 59));
  }
}

}  // namespace
}  // namespace unyo::playbooks
