#include "playbooks/schedule/business_day_position.h"

#include <gtest/gtest.h>

#include "unit/playbooks/schedule/schedule_test_support.h"

namespace unyo::playbooks {
namespace {

using testing::fixturePath;

class BusinessDayPosition : public ::testing::Test {
 protected:
  BusinessCalendar days_ =
      BusinessCalendar::load(fixturePath("data/syukujitsu-2025-2027.csv"), {}).value();
};

TEST_F(BusinessDayPosition, WeeksRunMondayToSunday) {
  // 2027-01-11 (Mon) is 成人の日: the week's first business day is Tuesday the 12th,
  // whichever day of the week is asked about, Sunday the 17th included.
  for (int day = 11; day <= 17; ++day) {
    EXPECT_EQ(businessDayAt(BusinessDayPeriod::week, 1, {2027, 1, day}, days_),
              (CivilDate{2027, 1, 12}))
        << "2027-01-" << day;
  }
  EXPECT_EQ(businessDayAt(BusinessDayPeriod::week, -1, {2027, 1, 17}, days_),
            (CivilDate{2027, 1, 15}));
  // Monday the 18th starts the next week.
  EXPECT_EQ(businessDayAt(BusinessDayPeriod::week, 1, {2027, 1, 18}, days_),
            (CivilDate{2027, 1, 18}));
}

TEST_F(BusinessDayPosition, CountsFromTheEndForNegativePositions) {
  // March 2027: 31 (Wed) is the last business day, 30 (Tue) the one before.
  EXPECT_EQ(businessDayAt(BusinessDayPeriod::month, -1, {2027, 3, 5}, days_),
            (CivilDate{2027, 3, 31}));
  EXPECT_EQ(businessDayAt(BusinessDayPeriod::month, -2, {2027, 3, 5}, days_),
            (CivilDate{2027, 3, 30}));
  // 3/1 (Mon), 3/2 (Tue), ...; three full weeks end on 3/19, the 15th; 3/22
  // (Mon) is 休日 (春分の日 fell on Sunday 3/21), so the 16th is 3/23.
  EXPECT_EQ(businessDayAt(BusinessDayPeriod::month, 2, {2027, 3, 31}, days_),
            (CivilDate{2027, 3, 2}));
  EXPECT_EQ(businessDayAt(BusinessDayPeriod::month, 15, {2027, 3, 1}, days_),
            (CivilDate{2027, 3, 19}));
  EXPECT_EQ(businessDayAt(BusinessDayPeriod::month, 16, {2027, 3, 1}, days_),
            (CivilDate{2027, 3, 23}));
}

TEST_F(BusinessDayPosition, NoneWhenThePeriodHasTooFewBusinessDays) {
  // 2025-12-29 (Mon) to 2026-01-04 (Sun): the year-end closure, then a weekend.
  EXPECT_EQ(businessDayAt(BusinessDayPeriod::week, 1, {2025, 12, 31}, days_), std::nullopt);
  EXPECT_EQ(businessDayAt(BusinessDayPeriod::week, -1, {2026, 1, 4}, days_), std::nullopt);
  // Golden Week 2026: 5/4-5/6 holidays leave Thursday and Friday.
  EXPECT_EQ(businessDayAt(BusinessDayPeriod::week, 2, {2026, 5, 4}, days_),
            (CivilDate{2026, 5, 8}));
  EXPECT_EQ(businessDayAt(BusinessDayPeriod::week, 3, {2026, 5, 4}, days_), std::nullopt);
  EXPECT_EQ(businessDayAt(BusinessDayPeriod::week, -3, {2026, 5, 4}, days_), std::nullopt);
  // February 2027 has 18 business days.
  EXPECT_EQ(businessDayAt(BusinessDayPeriod::month, 18, {2027, 2, 1}, days_),
            (CivilDate{2027, 2, 26}));
  EXPECT_EQ(businessDayAt(BusinessDayPeriod::month, 19, {2027, 2, 1}, days_), std::nullopt);
  EXPECT_EQ(businessDayAt(BusinessDayPeriod::month, 0, {2027, 2, 1}, days_), std::nullopt);
}

TEST(BusinessDayPeriodStart, NextPeriodStartsOnMondayOrTheFirst) {
  EXPECT_EQ(nextPeriodStart(BusinessDayPeriod::week, {2027, 1, 13}), (CivilDate{2027, 1, 18}));
  EXPECT_EQ(nextPeriodStart(BusinessDayPeriod::week, {2027, 1, 17}), (CivilDate{2027, 1, 18}));
  EXPECT_EQ(nextPeriodStart(BusinessDayPeriod::week, {2027, 1, 18}), (CivilDate{2027, 1, 25}));
  EXPECT_EQ(nextPeriodStart(BusinessDayPeriod::week, {2026, 12, 31}), (CivilDate{2027, 1, 4}));
  EXPECT_EQ(nextPeriodStart(BusinessDayPeriod::month, {2027, 12, 15}), (CivilDate{2028, 1, 1}));
  EXPECT_EQ(nextPeriodStart(BusinessDayPeriod::month, {2028, 2, 29}), (CivilDate{2028, 3, 1}));
}

}  // namespace
}  // namespace unyo::playbooks
