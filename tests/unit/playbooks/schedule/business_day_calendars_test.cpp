// The week and month calendars of schedule triggers over 2025-2030 against
// dates worked out by hand from the holiday lists below, the weekends and
// the year-end closure (12/29-1/3).

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "playbooks/schedule/schedule_planner.h"
#include "unit/playbooks/schedule/schedule_test_support.h"

namespace unyo::playbooks {
namespace {

using testing::localText;
using testing::readFixture;
using testing::zoneNamed;
using Texts = std::vector<std::string>;

// The national holidays of 2028-2030 under the Act on National Holidays
// (国民の祝日に関する法律), which the Cabinet Office does not list yet: the
// fixed days; 成人の日, 海の日, 敬老の日 and スポーツの日 on the 2nd, 3rd, 3rd
// and 2nd Monday of January, July, September and October; the equinox days
// the National Astronomical Observatory of Japan predicts (2028: 3/20, 9/22;
// 2029: 3/20, 9/23; 2030: 3/20, 9/23); a substitute holiday (休日) the day
// after a holiday that falls on a Sunday. No ordinary day in these years
// lies between two holidays, so there is no 国民の休日.
const std::vector<Holiday> kHolidays2028To2030 = {
    // 2028
    {2028, 1, 1, "元日"},
    {2028, 1, 10, "成人の日"},
    {2028, 2, 11, "建国記念の日"},
    {2028, 2, 23, "天皇誕生日"},
    {2028, 3, 20, "春分の日"},
    {2028, 4, 29, "昭和の日"},
    {2028, 5, 3, "憲法記念日"},
    {2028, 5, 4, "みどりの日"},
    {2028, 5, 5, "こどもの日"},
    {2028, 7, 17, "海の日"},
    {2028, 8, 11, "山の日"},
    {2028, 9, 18, "敬老の日"},
    {2028, 9, 22, "秋分の日"},
    {2028, 10, 9, "スポーツの日"},
    {2028, 11, 3, "文化の日"},
    {2028, 11, 23, "勤労感謝の日"},
    // 2029
    {2029, 1, 1, "元日"},
    {2029, 1, 8, "成人の日"},
    {2029, 2, 11, "建国記念の日"},
    {2029, 2, 12, "休日"},
    {2029, 2, 23, "天皇誕生日"},
    {2029, 3, 20, "春分の日"},
    {2029, 4, 29, "昭和の日"},
    {2029, 4, 30, "休日"},
    {2029, 5, 3, "憲法記念日"},
    {2029, 5, 4, "みどりの日"},
    {2029, 5, 5, "こどもの日"},
    {2029, 7, 16, "海の日"},
    {2029, 8, 11, "山の日"},
    {2029, 9, 17, "敬老の日"},
    {2029, 9, 23, "秋分の日"},
    {2029, 9, 24, "休日"},
    {2029, 10, 8, "スポーツの日"},
    {2029, 11, 3, "文化の日"},
    {2029, 11, 23, "勤労感謝の日"},
    // 2030
    {2030, 1, 1, "元日"},
    {2030, 1, 14, "成人の日"},
    {2030, 2, 11, "建国記念の日"},
    {2030, 2, 23, "天皇誕生日"},
    {2030, 3, 20, "春分の日"},
    {2030, 4, 29, "昭和の日"},
    {2030, 5, 3, "憲法記念日"},
    {2030, 5, 4, "みどりの日"},
    {2030, 5, 5, "こどもの日"},
    {2030, 5, 6, "休日"},
    {2030, 7, 15, "海の日"},
    {2030, 8, 11, "山の日"},
    {2030, 8, 12, "休日"},
    {2030, 9, 16, "敬老の日"},
    {2030, 9, 23, "秋分の日"},
    {2030, 10, 14, "スポーツの日"},
    {2030, 11, 3, "文化の日"},
    {2030, 11, 4, "休日"},
    {2030, 11, 23, "勤労感謝の日"},
};

class BusinessDayCalendars : public ::testing::Test {
 protected:
  BusinessDayCalendars() {
    // 2025-2027 from the Cabinet Office's list (Shift_JIS, as published).
    auto listed = parseHolidaysCsv(readFixture("data/syukujitsu-2025-2027.csv"));
    EXPECT_TRUE(listed) << listed.error().message;
    std::vector<Holiday> holidays = listed.value_or(std::vector<Holiday>{});
    holidays.insert(holidays.end(), kHolidays2028To2030.begin(), kHolidays2028To2030.end());
    days_ = BusinessCalendar(holidays, YearEndClosure{});
  }

  static ScheduleTrigger trigger(std::string_view cronText, Calendar calendar, int position) {
    ScheduleTrigger trigger;
    auto cron = CronSchedule::parse(cronText);
    EXPECT_TRUE(cron) << cron.error().message;
    if (cron) trigger.cron = *cron;
    trigger.cronText = cronText;
    trigger.calendar = calendar;
    trigger.businessDayPosition = position;
    return trigger;
  }

  // Every run from `from` (00:00 JST) through the end of 2030, as JST text.
  Texts runs(const ScheduleTrigger& trigger, CivilDate from = {2025, 1, 1}) const {
    const Clock::WallTime end = tokyo_.fromCivil(CivilTime::at({2031, 1, 1}));
    Clock::WallTime after = tokyo_.fromCivil(CivilTime::at(from)) - std::chrono::nanoseconds(1);
    Texts out;
    while (const auto next = nextScheduledTime(trigger, days_, tokyo_, after)) {
      if (*next >= end) break;
      out.push_back(localText(*next, tokyo_));
      after = *next;
    }
    return out;
  }

  Texts runsAtNine(Calendar calendar, int position) const {
    return runs(trigger("0 9 * * *", calendar, position));
  }

  // "YYYY-MM-DD" dates as "YYYY-MM-DD 09:00".
  static Texts atNine(const Texts& dates) {
    Texts out;
    for (const auto& date : dates) out.push_back(date + " 09:00");
    return out;
  }

  // One date per week of 2025-2030: the week's `weekday` (1 Monday, 5
  // Friday), or what `exceptions` puts in its place ("" for no run).
  static Texts weekly(int weekday, const std::map<std::string, std::string>& exceptions) {
    Texts out;
    // 2024-12-30 is the Monday of the week holding 2025-01-01.
    for (CivilDate monday{2024, 12, 30}; monday <= CivilDate{2030, 12, 31};
         monday = addDays(monday, 7)) {
      const CivilDate day = addDays(monday, weekday - 1);
      char text[16];
      std::snprintf(text, sizeof text, "%04d-%02d-%02d", day.year, day.month, day.day);
      const auto exception = exceptions.find(text);
      const std::string date = exception == exceptions.end() ? text : exception->second;
      if (!date.empty() && date >= "2025-01-01" && date <= "2030-12-31") out.push_back(date);
    }
    return atNine(out);
  }

  TimeZone tokyo_ = zoneNamed("Asia/Tokyo");
  BusinessCalendar days_;
};

TEST_F(BusinessDayCalendars, FirstBusinessDayOfJanuary2027IsTheFourth) {
  // 1/1 (Fri) is 元日 and in the closure, 1/2-1/3 the weekend (and the closure).
  const Texts first = runs(trigger("0 9 * * *", Calendar::businessDayOfMonth, 1), {2027, 1, 1});
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(first.front(), "2027-01-04 09:00");
}

TEST_F(BusinessDayCalendars, TheWeekOfComingOfAgeDay2027StartsOnTuesday) {
  // 2027-01-11 (Mon) is 成人の日.
  const Texts first = runs(trigger("0 9 * * *", Calendar::businessDayOfWeek, 1), {2027, 1, 11});
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(first.front(), "2027-01-12 09:00");
}

TEST_F(BusinessDayCalendars, FirstBusinessDayOfEveryMonth) {
  EXPECT_EQ(runsAtNine(Calendar::businessDayOfMonth, 1),
            atNine({
                "2025-01-06", "2025-02-03", "2025-03-03", "2025-04-01", "2025-05-01", "2025-06-02",
                "2025-07-01", "2025-08-01", "2025-09-01", "2025-10-01", "2025-11-04", "2025-12-01",
                "2026-01-05", "2026-02-02", "2026-03-02", "2026-04-01", "2026-05-01", "2026-06-01",
                "2026-07-01", "2026-08-03", "2026-09-01", "2026-10-01", "2026-11-02", "2026-12-01",
                "2027-01-04", "2027-02-01", "2027-03-01", "2027-04-01", "2027-05-06", "2027-06-01",
                "2027-07-01", "2027-08-02", "2027-09-01", "2027-10-01", "2027-11-01", "2027-12-01",
                "2028-01-04", "2028-02-01", "2028-03-01", "2028-04-03", "2028-05-01", "2028-06-01",
                "2028-07-03", "2028-08-01", "2028-09-01", "2028-10-02", "2028-11-01", "2028-12-01",
                "2029-01-04", "2029-02-01", "2029-03-01", "2029-04-02", "2029-05-01", "2029-06-01",
                "2029-07-02", "2029-08-01", "2029-09-03", "2029-10-01", "2029-11-01", "2029-12-03",
                "2030-01-04", "2030-02-01", "2030-03-01", "2030-04-01", "2030-05-01", "2030-06-03",
                "2030-07-01", "2030-08-01", "2030-09-02", "2030-10-01", "2030-11-01", "2030-12-02",
            }));
}

TEST_F(BusinessDayCalendars, LastBusinessDayOfEveryMonth) {
  // December ends on the last day before the closure: 2025-12-26 is a Friday
  // because Monday 12/29 is closed already.
  EXPECT_EQ(runsAtNine(Calendar::businessDayOfMonth, -1),
            atNine({
                "2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30", "2025-05-30", "2025-06-30",
                "2025-07-31", "2025-08-29", "2025-09-30", "2025-10-31", "2025-11-28", "2025-12-26",
                "2026-01-30", "2026-02-27", "2026-03-31", "2026-04-30", "2026-05-29", "2026-06-30",
                "2026-07-31", "2026-08-31", "2026-09-30", "2026-10-30", "2026-11-30", "2026-12-28",
                "2027-01-29", "2027-02-26", "2027-03-31", "2027-04-30", "2027-05-31", "2027-06-30",
                "2027-07-30", "2027-08-31", "2027-09-30", "2027-10-29", "2027-11-30", "2027-12-28",
                "2028-01-31", "2028-02-29", "2028-03-31", "2028-04-28", "2028-05-31", "2028-06-30",
                "2028-07-31", "2028-08-31", "2028-09-29", "2028-10-31", "2028-11-30", "2028-12-28",
                "2029-01-31", "2029-02-28", "2029-03-30", "2029-04-27", "2029-05-31", "2029-06-29",
                "2029-07-31", "2029-08-31", "2029-09-28", "2029-10-31", "2029-11-30", "2029-12-28",
                "2030-01-31", "2030-02-28", "2030-03-29", "2030-04-30", "2030-05-31", "2030-06-28",
                "2030-07-31", "2030-08-30", "2030-09-30", "2030-10-31", "2030-11-29", "2030-12-27",
            }));
}

TEST_F(BusinessDayCalendars, NthBusinessDayOfTheMonthFromEitherEnd) {
  Texts second = runs(trigger("0 9 * * *", Calendar::businessDayOfMonth, 2), {2027, 1, 1});
  second.resize(std::min<std::size_t>(second.size(), 12));  // 2027
  EXPECT_EQ(second, atNine({"2027-01-05", "2027-02-02", "2027-03-02", "2027-04-02", "2027-05-07",
                            "2027-06-02", "2027-07-02", "2027-08-03", "2027-09-02", "2027-10-04",
                            "2027-11-02", "2027-12-02"}));
  Texts beforeLast = runs(trigger("0 9 * * *", Calendar::businessDayOfMonth, -2), {2027, 1, 1});
  beforeLast.resize(std::min<std::size_t>(beforeLast.size(), 12));
  EXPECT_EQ(beforeLast, atNine({"2027-01-28", "2027-02-25", "2027-03-30", "2027-04-28",
                                "2027-05-28", "2027-06-29", "2027-07-29", "2027-08-30",
                                "2027-09-29", "2027-10-28", "2027-11-29", "2027-12-27"}));
}

TEST_F(BusinessDayCalendars, AMonthWithFewerBusinessDaysHasNoRun) {
  // Only August 2029 (23 weekdays, 8/11 on a Saturday) has 23 business days.
  EXPECT_EQ(runsAtNine(Calendar::businessDayOfMonth, 23), atNine({"2029-08-31"}));
  EXPECT_EQ(runsAtNine(Calendar::businessDayOfMonth, -23), atNine({"2029-08-01"}));
  // No February ever has 23: nothing within the 5-year search.
  const ScheduleTrigger never = trigger("0 9 * 2 *", Calendar::businessDayOfMonth, 23);
  EXPECT_EQ(nextScheduledTime(never, days_, tokyo_, tokyo_.fromCivil({2025, 1, 1, 0, 0, 0})),
            std::nullopt);
}

TEST_F(BusinessDayCalendars, FirstBusinessDayOfEveryWeek) {
  // Every Monday but these.
  EXPECT_EQ(runsAtNine(Calendar::businessDayOfWeek, 1),
            weekly(1, {
                          {"2024-12-30", ""},            // 12/30-1/3 closed, then the weekend
                          {"2025-01-13", "2025-01-14"},  // 成人の日
                          {"2025-02-24", "2025-02-25"},  // 休日 (天皇誕生日 on Sunday)
                          {"2025-05-05", "2025-05-07"},  // こどもの日, 休日
                          {"2025-07-21", "2025-07-22"},  // 海の日
                          {"2025-08-11", "2025-08-12"},  // 山の日
                          {"2025-09-15", "2025-09-16"},  // 敬老の日
                          {"2025-10-13", "2025-10-14"},  // スポーツの日
                          {"2025-11-03", "2025-11-04"},  // 文化の日
                          {"2025-11-24", "2025-11-25"},  // 休日
                          {"2025-12-29", ""},            // closed through 1/3, then the weekend
                          {"2026-01-12", "2026-01-13"},
                          {"2026-02-23", "2026-02-24"},  // 天皇誕生日
                          {"2026-05-04", "2026-05-07"},  // Golden Week: 5/4-5/6
                          {"2026-07-20", "2026-07-21"},
                          {"2026-09-21", "2026-09-24"},  // 敬老の日, 休日, 秋分の日
                          {"2026-10-12", "2026-10-13"},
                          {"2026-11-23", "2026-11-24"},  // 勤労感謝の日
                          {"2027-01-11", "2027-01-12"},  // 成人の日
                          {"2027-03-22", "2027-03-23"},  // 休日 (春分の日 on Sunday)
                          {"2027-05-03", "2027-05-06"},  // Golden Week: 5/3-5/5
                          {"2027-07-19", "2027-07-20"},
                          {"2027-09-20", "2027-09-21"},
                          {"2027-10-11", "2027-10-12"},
                          {"2028-01-03", "2028-01-04"},  // the closure ends on 1/3
                          {"2028-01-10", "2028-01-11"},
                          {"2028-03-20", "2028-03-21"},  // 春分の日
                          {"2028-07-17", "2028-07-18"},
                          {"2028-09-18", "2028-09-19"},
                          {"2028-10-09", "2028-10-10"},
                          {"2029-01-01", "2029-01-04"},  // closed 1/1-1/3
                          {"2029-01-08", "2029-01-09"},
                          {"2029-02-12", "2029-02-13"},  // 休日 (建国記念の日 on Sunday)
                          {"2029-04-30", "2029-05-01"},  // 休日 (昭和の日 on Sunday)
                          {"2029-07-16", "2029-07-17"},
                          {"2029-09-17", "2029-09-18"},
                          {"2029-09-24", "2029-09-25"},  // 休日 (秋分の日 on Sunday)
                          {"2029-10-08", "2029-10-09"},
                          {"2029-12-31", "2030-01-04"},  // closed 12/31-1/3
                          {"2030-01-14", "2030-01-15"},
                          {"2030-02-11", "2030-02-12"},  // 建国記念の日
                          {"2030-04-29", "2030-04-30"},  // 昭和の日
                          {"2030-05-06", "2030-05-07"},  // 休日 (こどもの日 on Sunday)
                          {"2030-07-15", "2030-07-16"},
                          {"2030-08-12", "2030-08-13"},  // 休日 (山の日 on Sunday)
                          {"2030-09-16", "2030-09-17"},
                          {"2030-09-23", "2030-09-24"},  // 秋分の日
                          {"2030-10-14", "2030-10-15"},
                          {"2030-11-04", "2030-11-05"},  // 休日 (文化の日 on Sunday)
                          {"2030-12-30", ""},            // closed through 1/3, then the weekend
                      }));
}

TEST_F(BusinessDayCalendars, LastBusinessDayOfEveryWeek) {
  // Every Friday but these.
  EXPECT_EQ(runsAtNine(Calendar::businessDayOfWeek, -1),
            weekly(5, {
                          {"2025-01-03", ""},            // the week of the closure
                          {"2026-01-02", ""},            // the week of the closure
                          {"2026-03-20", "2026-03-19"},  // 春分の日
                          {"2027-01-01", "2026-12-28"},  // closed from 12/29
                          {"2027-12-31", "2027-12-28"},  // closed from 12/29
                          {"2028-02-11", "2028-02-10"},  // 建国記念の日
                          {"2028-05-05", "2028-05-02"},  // Golden Week: 5/3-5/5
                          {"2028-08-11", "2028-08-10"},  // 山の日
                          {"2028-09-22", "2028-09-21"},  // 秋分の日
                          {"2028-11-03", "2028-11-02"},  // 文化の日
                          {"2028-12-29", "2028-12-28"},  // closed from 12/29
                          {"2029-02-23", "2029-02-22"},  // 天皇誕生日
                          {"2029-05-04", "2029-05-02"},  // 5/3-5/4
                          {"2029-11-23", "2029-11-22"},  // 勤労感謝の日
                          {"2030-05-03", "2030-05-02"},  // 憲法記念日
                      }));
}

TEST_F(BusinessDayCalendars, TheCronGivesTheTimesOfThePickedDay) {
  // Both 09:00 and 17:00 on Tuesday 2027-01-12, then Monday the 18th.
  const Texts both = runs(trigger("0 9,17 * * *", Calendar::businessDayOfWeek, 1), {2027, 1, 12});
  ASSERT_GE(both.size(), 3u);
  EXPECT_EQ((Texts{both[0], both[1], both[2]}),
            (Texts{"2027-01-12 09:00", "2027-01-12 17:00", "2027-01-18 09:00"}));
  // The month field still applies: 年度末, the last business day of March.
  EXPECT_EQ(runs(trigger("30 18 * 3 *", Calendar::businessDayOfMonth, -1)),
            (Texts{"2025-03-31 18:30", "2026-03-31 18:30", "2027-03-31 18:30", "2028-03-31 18:30",
                   "2029-03-30 18:30", "2030-03-29 18:30"}));
}

TEST_F(BusinessDayCalendars, LaterThatDayStillFiresAndAfterItMovesOn) {
  const ScheduleTrigger monthEnd = trigger("0 9 * * *", Calendar::businessDayOfMonth, -1);
  const auto at = [&](int year, int month, int day, int hour) {
    return tokyo_.fromCivil({year, month, day, hour, 0, 0});
  };
  EXPECT_EQ(localText(nextScheduledTime(monthEnd, days_, tokyo_, at(2027, 12, 28, 8)), tokyo_),
            "2027-12-28 09:00");
  EXPECT_EQ(localText(nextScheduledTime(monthEnd, days_, tokyo_, at(2027, 12, 28, 9)), tokyo_),
            "2028-01-31 09:00");
}

}  // namespace
}  // namespace unyo::playbooks
