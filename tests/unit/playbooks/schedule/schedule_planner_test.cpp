#include "playbooks/schedule/schedule_planner.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "unit/playbooks/schedule/schedule_test_support.h"

namespace unyo::playbooks {
namespace {

using std::chrono::milliseconds;
using testing::fixturePath;
using testing::localText;
using testing::utcTime;
using testing::zoneNamed;
using Texts = std::vector<std::string>;

class SchedulePlanner : public ::testing::Test {
 protected:
  // The next `count` planned runs after `after`, as Tokyo local text.
  Texts plan(std::string_view cronText, Calendar calendar, Clock::WallTime after, int count) {
    const ScheduleTrigger trigger = triggerFor(cronText, calendar);
    Texts out;
    for (int i = 0; i < count; ++i) {
      const auto next = nextScheduledTime(trigger, days_, tokyo_, after);
      out.push_back(localText(next, tokyo_));
      if (!next) break;
      after = *next;
    }
    return out;
  }

  static ScheduleTrigger triggerFor(std::string_view cronText, Calendar calendar) {
    ScheduleTrigger trigger;
    auto cron = CronSchedule::parse(cronText);
    EXPECT_TRUE(cron) << cron.error().message;
    if (cron) trigger.cron = *cron;
    trigger.cronText = cronText;
    trigger.calendar = calendar;
    return trigger;
  }

  // JST civil time as an instant.
  Clock::WallTime jst(int year, int month, int day, int hour = 0, int minute = 0) {
    return tokyo_.fromCivil({year, month, day, hour, minute, 0});
  }

  TimeZone tokyo_ = zoneNamed("Asia/Tokyo");
  BusinessCalendar days_ =
      BusinessCalendar::load(fixturePath("data/syukujitsu-2025-2027.csv"), {}).value();
};

TEST_F(SchedulePlanner, AnyDayIsTheCronSchedule) {
  EXPECT_EQ(plan("0 9 * * *", Calendar::any, jst(2026, 5, 2, 9), 2),
            (Texts{"2026-05-03 09:00", "2026-05-04 09:00"}));
}

TEST_F(SchedulePlanner, BusinessDaysSkipWeekendsAndGoldenWeek) {
  // 2026: 4/29 (Wed) 昭和の日, 5/2-5/3 weekend, 5/3-5/6 holidays.
  EXPECT_EQ(
      plan("0 9 * * *", Calendar::businessDays, jst(2026, 4, 28, 9), 4),
      (Texts{"2026-04-30 09:00", "2026-05-01 09:00", "2026-05-07 09:00", "2026-05-08 09:00"}));
  // Later the same business day still fires that day.
  EXPECT_EQ(plan("0 9,17 * * *", Calendar::businessDays, jst(2026, 4, 28, 12), 2),
            (Texts{"2026-04-28 17:00", "2026-04-30 09:00"}));
}

TEST_F(SchedulePlanner, BusinessDaysSkipTheYearEndClosure) {
  // 12/29-1/3 closed; 2027-01-04 is a Monday.
  EXPECT_EQ(plan("0 9 * * *", Calendar::businessDays, jst(2026, 12, 28, 9), 1),
            (Texts{"2027-01-04 09:00"}));
  EXPECT_EQ(plan("*/30 * * * *", Calendar::businessDays, jst(2026, 12, 28, 23, 30), 1),
            (Texts{"2027-01-04 00:00"}));
}

TEST_F(SchedulePlanner, NonBusinessDaysPickOnlyThose) {
  EXPECT_EQ(plan("0 9 * * *", Calendar::nonBusinessDays, jst(2026, 4, 27), 7),
            (Texts{"2026-04-29 09:00", "2026-05-02 09:00", "2026-05-03 09:00", "2026-05-04 09:00",
                   "2026-05-05 09:00", "2026-05-06 09:00", "2026-05-09 09:00"}));
}

TEST_F(SchedulePlanner, DatesAreTakenInTheZone) {
  // 00:30 JST on Monday 5/7 is still Sunday 5/6 in UTC; the JST date decides.
  EXPECT_EQ(plan("30 0 * * *", Calendar::businessDays, jst(2026, 5, 6, 1), 1),
            (Texts{"2026-05-07 00:30"}));
}

TEST_F(SchedulePlanner, NoneWhenTheCalendarNeverAgrees) {
  const ScheduleTrigger weekends = triggerFor("0 9 * * SAT,SUN", Calendar::businessDays);
  EXPECT_EQ(nextScheduledTime(weekends, days_, tokyo_, jst(2026, 1, 1)), std::nullopt);
  const ScheduleTrigger never = triggerFor("0 0 30 2 *", Calendar::any);
  EXPECT_EQ(nextScheduledTime(never, days_, tokyo_, jst(2026, 1, 1)), std::nullopt);
}

TEST(Jitter, IsDeterministicForTheSameSeedAndTime) {
  const auto scheduled = utcTime(2026, 4, 1, 18, 0);
  const milliseconds max = std::chrono::minutes(5);
  EXPECT_EQ(jitterFor("host-a/purge-logs", scheduled, max),
            jitterFor("host-a/purge-logs", scheduled, max));
  // Pinned: the same on every host and every build.
  EXPECT_EQ(jitterFor("host-a/purge-logs", scheduled, max), milliseconds(39606));
}

TEST(Jitter, StaysWithinBoundsAndSpreadsAFleet) {
  const auto scheduled = utcTime(2026, 4, 1, 18, 0);
  const milliseconds max = std::chrono::minutes(5);
  std::set<milliseconds::rep> seen;
  milliseconds smallest = max;
  milliseconds largest{0};
  for (int host = 0; host < 1000; ++host) {
    const milliseconds jitter =
        jitterFor("host-" + std::to_string(host) + "/purge", scheduled, max);
    ASSERT_GE(jitter, milliseconds(0));
    ASSERT_LT(jitter, max);
    seen.insert(jitter.count());
    smallest = std::min(smallest, jitter);
    largest = std::max(largest, jitter);
  }
  EXPECT_GT(seen.size(), 990u);
  EXPECT_LT(smallest, max / 10);
  EXPECT_GT(largest, max * 9 / 10);
}

TEST(Jitter, DependsOnTheScheduledTime) {
  const milliseconds max = std::chrono::hours(1);
  std::set<milliseconds::rep> seen;
  for (int day = 1; day <= 28; ++day) {
    seen.insert(jitterFor("host-a/purge", utcTime(2026, 2, day, 18), max).count());
  }
  EXPECT_GT(seen.size(), 25u);
}

TEST(Jitter, ZeroWithoutARange) {
  const auto scheduled = utcTime(2026, 4, 1, 18, 0);
  EXPECT_EQ(jitterFor("x", scheduled, milliseconds(0)), milliseconds(0));
  EXPECT_EQ(jitterFor("x", scheduled, milliseconds(-5)), milliseconds(0));
  EXPECT_EQ(jitterFor("x", scheduled, milliseconds(1)), milliseconds(0));
}

}  // namespace
}  // namespace unyo::playbooks
