#include "agent/fleet/fleet_statistics.h"

#include <gtest/gtest.h>

#include <cmath>

namespace unyo::agent {
namespace {

TEST(FleetStatistics, QuartilesInterpolateAsExcelsQuartileInc) {
  // =QUARTILE.INC({1,2,3,4,10},1) = 2, median 3, Q3 4.
  const auto q = quartiles({10, 2, 4, 1, 3});
  ASSERT_TRUE(q);
  EXPECT_DOUBLE_EQ(q->q1, 2);
  EXPECT_DOUBLE_EQ(q->median, 3);
  EXPECT_DOUBLE_EQ(q->q3, 4);
  // An even count interpolates: {1,2,3,4} gives 1.75, 2.5, 3.25.
  const auto even = quartiles({4, 3, 2, 1});
  ASSERT_TRUE(even);
  EXPECT_DOUBLE_EQ(even->q1, 1.75);
  EXPECT_DOUBLE_EQ(even->median, 2.5);
  EXPECT_DOUBLE_EQ(even->q3, 3.25);
}

TEST(FleetStatistics, OneValueIsItsOwnQuartilesAndNoneIsNothing) {
  const auto q = quartiles({7});
  ASSERT_TRUE(q);
  EXPECT_EQ(q->q1, 7);
  EXPECT_EQ(q->median, 7);
  EXPECT_EQ(q->q3, 7);
  EXPECT_FALSE(quartiles({}));
  EXPECT_FALSE(quartiles({NAN, INFINITY}));
}

TEST(FleetStatistics, TukeyFencesFlagTheFarValuesOnly) {
  const auto q = quartiles({10, 11, 12, 13, 40});
  ASSERT_TRUE(q);
  const auto fences = tukeyFences(*q);  // Q1 11, Q3 13, IQR 2
  EXPECT_DOUBLE_EQ(fences.lower, 8);
  EXPECT_DOUBLE_EQ(fences.upper, 16);
  EXPECT_EQ(classify(40, fences), Outlier::high);
  EXPECT_EQ(classify(16, fences), Outlier::none);  // on the fence is inside
  EXPECT_EQ(classify(7.99, fences), Outlier::low);
  EXPECT_EQ(classify(12, fences), Outlier::none);
}

TEST(FleetStatistics, EqualValuesHaveNoOutliers) {
  const auto q = quartiles({5, 5, 5, 5});
  ASSERT_TRUE(q);
  EXPECT_EQ(classify(5, tukeyFences(*q)), Outlier::none);
}

}  // namespace
}  // namespace unyo::agent
