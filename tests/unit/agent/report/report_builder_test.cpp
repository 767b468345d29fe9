#include "agent/report/report_builder.h"

#include <gtest/gtest.h>

#include <cmath>

namespace unyo::agent {
namespace {

using unyo::CivilDate;

void expectExact(double actual, double expected) {
  EXPECT_LT(std::fabs(actual - expected), 1e-9 * std::max(1.0, std::fabs(expected)))
      << "actual " << actual << " expected " << expected;
}

DayTotals costDay(double compute, double storage) {
  DayTotals day;
  day.costYen["compute"] = compute;
  day.costYen["storage"] = storage;
  day.instanceHours = 24;
  day.storageGibHours["/"] = 2400;
  day.egressBytes["eth0"] = 1e9;
  return day;
}

ReportInputs inputsFor(const LedgerContents& ledger, CivilDate from, CivilDate to) {
  ReportInputs in;
  in.identity.lgCode = "131016";
  in.identity.system = "resident_registry";
  in.from = from;
  in.to = to;
  in.now = Clock::WallTime(std::chrono::seconds(1775001600));
  in.ledger = &ledger;
  return in;
}

TEST(ReportBuilder, ProRatesAMonthlyBaselineByEachMonthsLength) {
  LedgerContents ledger;
  auto in = inputsFor(ledger, {2026, 2, 15}, {2026, 3, 14});
  in.cost.configured = true;
  in.cost.baseline = CostOptions::Baseline{"vendor estimate 2025-04", Price{280000, Currency::jpy}, {}};
  const auto data = buildReport(in);
  EXPECT_EQ(data.days, 28);
  ASSERT_TRUE(data.baselineTotalYen);
  // 14 days of February (28 days) and 14 of March (31 days).
  expectExact(*data.baselineTotalYen, 280000.0 * 14 / 28 + 280000.0 * 14 / 31);
  expectExact(*data.daily.front().baselineYen, 10000);
  expectExact(*data.daily.back().baselineYen, 280000.0 / 31);
  for (const auto& row : data.costs) EXPECT_FALSE(row.baselineYen) << row.component;
  EXPECT_EQ(data.baselineSource, "vendor estimate 2025-04");
}

TEST(ReportBuilder, ProRatesAByComponentBaselineAcrossALeapFebruary) {
  LedgerContents ledger;
  auto in = inputsFor(ledger, {2028, 2, 1}, {2028, 3, 31});
  in.cost.usdJpy = 150;
  in.cost.baseline = CostOptions::Baseline{"", std::nullopt,
                                           {{"compute", {1000, Currency::usd}},
                                            {"fixed", {120000, Currency::jpy}}}};
  const auto data = buildReport(in);
  EXPECT_EQ(data.days, 29 + 31);
  ASSERT_EQ(data.costs.size(), 4u);
  EXPECT_EQ(data.costs[0].component, "compute");
  expectExact(*data.costs[0].baselineYen, 2 * 150000.0);  // two whole months
  EXPECT_FALSE(data.costs[1].baselineYen);                // storage: not in the baseline
  expectExact(*data.costs[3].baselineYen, 240000);
  expectExact(*data.baselineTotalYen, 540000);
  expectExact(*data.daily[0].baselineYen, (150000.0 + 120000.0) / 29);
}

TEST(ReportBuilder, SumsCostUsageAndLaborInsideThePeriodOnly) {
  LedgerContents ledger;
  ledger.days["2026-10-31"] = costDay(900, 90);  // before the period
  ledger.days["2026-11-01"] = costDay(100, 10);
  ledger.days["2026-11-02"] = costDay(200, 20);
  ledger.days["2026-11-02"].labor["purge"] = {3, 2, 30, 2500};
  ledger.days["2026-11-09"].labor["purge"] = {1, 1, 15, 1250};
  ledger.days["2026-11-09"].labor["backup"] = {1, 1, 60, 5000};
  ledger.days["2026-12-01"] = costDay(900, 90);  // after it
  const auto data = buildReport(inputsFor(ledger, {2026, 11, 1}, {2026, 11, 30}));

  EXPECT_EQ(data.periodFrom, "2026-11-01");
  EXPECT_EQ(data.periodTo, "2026-11-30");
  expectExact(data.costs[0].actualYen, 300);
  expectExact(data.costs[1].actualYen, 30);
  EXPECT_EQ(data.costs[2].actualYen, 0);
  EXPECT_FALSE(data.baselineTotalYen);
  expectExact(data.usage.instanceHours, 48);
  expectExact(data.usage.storageGibHours.at("/"), 4800);
  expectExact(data.usage.egressBytes.at("eth0"), 2e9);

  ASSERT_EQ(data.labor.size(), 2u);
  EXPECT_EQ(data.labor[0].playbook, "backup");  // largest yen first
  EXPECT_EQ(data.labor[1].playbook, "purge");
  EXPECT_EQ(data.labor[1].runs, 4);
  EXPECT_EQ(data.labor[1].successes, 3);
  expectExact(data.labor[1].minutes, 45);

  ASSERT_EQ(data.daily.size(), 30u);
  expectExact(data.daily[1].actualYen, 220);
  EXPECT_FALSE(data.daily[1].baselineYen);
  // 2026-11-01 is a Sunday: its week starts on Monday 10-26.
  ASSERT_EQ(data.weekly.size(), 6u);
  EXPECT_EQ(data.weekly[0].weekStart, "2026-10-26");
  EXPECT_EQ(data.weekly[1].weekStart, "2026-11-02");
  expectExact(data.weekly[1].yen, 2500);
  expectExact(data.weekly[2].minutes, 75);
  EXPECT_EQ(data.weekly.back().weekStart, "2026-11-30");
}

TEST(ReportBuilder, RightsizingFromTheDistribution) {
  LedgerContents ledger;
  UsageDistribution distribution;
  auto in = inputsFor(ledger, {2026, 3, 25}, {2026, 3, 31});
  for (int i = 0; i < 300; ++i) {
    distribution.add(in.now - std::chrono::minutes(i), 0.10, 4e9, 16e9);
  }
  in.distribution = &distribution;
  in.vcpus = 4;
  in.cost.compute = CostOptions::Compute{"m6i.xlarge", {40, Currency::jpy}, 4};
  in.sampleInterval = std::chrono::seconds(60);
  const auto data = buildReport(in);
  ASSERT_TRUE(data.rightsizing.available);
  EXPECT_DOUBLE_EQ(data.rightsizing.cpuP95Ratio, 0.11);
  EXPECT_EQ(data.rightsizing.currentVcpus, 4);
  EXPECT_EQ(data.rightsizing.suggestedVcpus, 1);
  expectExact(data.rightsizing.savingsYenPerHour, 30);
  expectExact(data.rightsizing.savingsYenPerMonth, 30 * 730);
  expectExact(data.rightsizing.coverageDays, 300.0 * 60 / 86400);
}

TEST(ReportBuilder, TooFewSamplesMeanNoRightsizingYet) {
  LedgerContents ledger;
  UsageDistribution distribution;
  auto in = inputsFor(ledger, {2026, 3, 31}, {2026, 3, 31});
  for (int i = 0; i < 239; ++i) distribution.add(in.now - std::chrono::minutes(i), 0.5, 4e9, 16e9);
  in.distribution = &distribution;
  in.vcpus = 4;
  EXPECT_FALSE(buildReport(in).rightsizing.available);
}

TEST(ReportBuilder, NoDistributionMeansNoRightsizing) {
  LedgerContents ledger;
  const auto data = buildReport(inputsFor(ledger, {2026, 3, 1}, {2026, 3, 1}));
  EXPECT_FALSE(data.rightsizing.available);
  EXPECT_EQ(data.days, 1);
}

TEST(ReportBuilder, StampsTheReportInTheLocalZoneWithItsOffset) {
  LedgerContents ledger;
  auto in = inputsFor(ledger, {2026, 3, 1}, {2026, 3, 1});
  in.zone = *unyo::TimeZone::load("Asia/Tokyo");
  EXPECT_EQ(buildReport(in).generatedAt, "2026-04-01T09:00:00+09:00");
  in.zone = *unyo::TimeZone::load("America/New_York");
  EXPECT_EQ(buildReport(in).generatedAt, "2026-03-31T20:00:00-04:00");
}

TEST(ReportBuilder, DatesParseStrictly) {
  EXPECT_EQ(isoDate(*parseIsoDate("2026-11-30")), "2026-11-30");
  EXPECT_FALSE(parseIsoDate("2026-11-31"));
  EXPECT_FALSE(parseIsoDate("2026/11/30"));
  EXPECT_FALSE(parseIsoDate("yesterday"));
}

}  // namespace
}  // namespace unyo::agent
