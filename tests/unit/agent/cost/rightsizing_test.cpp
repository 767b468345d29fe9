#include "agent/cost/rightsizing.h"

#include <gtest/gtest.h>

#include <cmath>

namespace unyo::agent {
namespace {

TEST(RightsizingTest, IdleHostShrinksToOneVcpu) {
  const auto advice = adviseRightsizing(0.02, 8, 80.0);
  EXPECT_EQ(advice.currentVcpus, 8);
  EXPECT_EQ(advice.suggestedVcpus, 1);
  EXPECT_DOUBLE_EQ(advice.savingsYenPerHour, 70.0);  // 80 x 7 / 8
  EXPECT_DOUBLE_EQ(advice.cpuP95Ratio, 0.02);
}

TEST(RightsizingTest, NoLoadAtAllStillKeepsOneVcpu) {
  EXPECT_EQ(adviseRightsizing(0.0, 4, 40.0).suggestedVcpus, 1);
}

TEST(RightsizingTest, HotHostSuggestsMoreWithNoSavings) {
  const auto advice = adviseRightsizing(0.95, 4, 40.0);
  EXPECT_EQ(advice.suggestedVcpus, 6);  // 3.8 busy / 0.7 = 5.43
  EXPECT_GT(advice.suggestedVcpus, advice.currentVcpus);
  EXPECT_EQ(advice.savingsYenPerHour, 0.0);
}

TEST(RightsizingTest, ExactlyAtTheTargetKeepsTheCurrentSize) {
  const auto advice = adviseRightsizing(0.70, 4, 40.0);
  EXPECT_EQ(advice.suggestedVcpus, 4);
  EXPECT_EQ(advice.savingsYenPerHour, 0.0);
  EXPECT_EQ(adviseRightsizing(0.35, 2, 10.0).suggestedVcpus, 1);
  EXPECT_EQ(adviseRightsizing(0.70, 10, 10.0).suggestedVcpus, 10);
  EXPECT_EQ(adviseRightsizing(0.35, 8, 10.0).suggestedVcpus, 4);
  // Naively these come out a hair above the integer (15.000000000000002).
  EXPECT_EQ(adviseRightsizing(0.70, 15, 10.0).suggestedVcpus, 15);
  EXPECT_EQ(adviseRightsizing(0.35, 30, 10.0).suggestedVcpus, 15);
  EXPECT_EQ(adviseRightsizing(0.07, 10, 10.0).suggestedVcpus, 1);
  EXPECT_EQ(adviseRightsizing(0.05, 56, 10.0).suggestedVcpus, 4);
}

TEST(RightsizingTest, JustAboveTheTargetAddsAVcpu) {
  EXPECT_EQ(adviseRightsizing(0.71, 4, 40.0).suggestedVcpus, 5);
  EXPECT_EQ(adviseRightsizing(0.36, 2, 10.0).suggestedVcpus, 2);
}

TEST(RightsizingTest, SavingsAreLinearInVcpus) {
  // 0.30 x 8 = 2.4 busy vCPUs / 0.7 = 3.43 -> 4; half the vCPUs, half the price.
  const auto advice = adviseRightsizing(0.30, 8, 123.0);
  EXPECT_EQ(advice.suggestedVcpus, 4);
  EXPECT_DOUBLE_EQ(advice.savingsYenPerHour, 61.5);
}

TEST(RightsizingTest, NonPositiveVcpusCountAsOne) {
  const auto advice = adviseRightsizing(0.5, 0, 10.0);
  EXPECT_EQ(advice.currentVcpus, 1);
  EXPECT_EQ(advice.suggestedVcpus, 1);
  EXPECT_EQ(advice.savingsYenPerHour, 0.0);
  EXPECT_EQ(adviseRightsizing(0.5, -3, 10.0).currentVcpus, 1);
}

TEST(RightsizingTest, GarbageInputsStayFinite) {
  const auto advice = adviseRightsizing(std::nan(""), 4, std::nan(""));
  EXPECT_EQ(advice.suggestedVcpus, 1);
  EXPECT_EQ(advice.savingsYenPerHour, 0.0);
  EXPECT_EQ(adviseRightsizing(-0.5, 4, 10.0).suggestedVcpus, 1);
  EXPECT_EQ(adviseRightsizing(INFINITY, 7, 10.0).suggestedVcpus, 10);  // clamped to 100%
  EXPECT_EQ(adviseRightsizing(0.01, 4, -10.0).savingsYenPerHour, 0.0);
}

}  // namespace
}  // namespace unyo::agent
