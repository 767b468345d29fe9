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

// A day's labor for one playbook: all automated, every success credited.
LaborTotals automated(std::int64_t runs, std::int64_t successes, double minutes, double yen) {
  LaborTotals labor;
  labor.runs = runs;
  labor.successes = successes;
  labor.credited = successes;
  labor.minutes = minutes;
  labor.yen = yen;
  return labor;
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
  ledger.days["2026-11-02"].labor["purge"] = automated(3, 2, 30, 2500);
  ledger.days["2026-11-09"].labor["purge"] = automated(1, 1, 15, 1250);
  ledger.days["2026-11-09"].labor["backup"] = automated(1, 1, 60, 5000);
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
  EXPECT_EQ(data.labor[1].failed(), 1);
  EXPECT_EQ(data.labor[1].credited, 3);
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

TEST(ReportBuilder, KeepsAutomatedAndAssistedLaborApart) {
  LedgerContents ledger;
  // "check" is mostly started by hand; "purge" only by its schedule.
  LaborTotals check = automated(3, 3, 10, 1000);
  check.credited = 1;
  check.assistedCredited = 2;
  check.assistedMinutes = 20;
  check.assistedYen = 2000;
  ledger.days["2026-11-02"].labor["check"] = check;
  ledger.days["2026-11-03"].labor["check"] = check;
  ledger.days["2026-11-03"].labor["purge"] = automated(1, 1, 30, 3000);
  auto in = inputsFor(ledger, {2026, 11, 1}, {2026, 11, 30});

  const auto byDefault = buildReport(in);
  ASSERT_EQ(byDefault.labor.size(), 2u);
  EXPECT_EQ(byDefault.labor[0].playbook, "purge");  // more saved by automation
  const auto& row = byDefault.labor[1];
  EXPECT_EQ(row.runs, 6);
  EXPECT_EQ(row.successes, 6);
  EXPECT_EQ(row.credited, 2);
  expectExact(row.minutes, 20);
  expectExact(row.yen, 2000);
  EXPECT_EQ(row.assistedCredited, 4);
  expectExact(row.assistedMinutes, 40);
  expectExact(row.assistedYen, 4000);
  EXPECT_FALSE(byDefault.assumptions.countManualRuns);
  // The week of Monday 11-02 holds only what automation saved.
  expectExact(byDefault.weekly[1].minutes, 10 + 10 + 30);
  expectExact(byDefault.weekly[1].yen, 1000 + 1000 + 3000);

  in.labor.countManualRuns = true;
  const auto counted = buildReport(in);
  EXPECT_TRUE(counted.assumptions.countManualRuns);
  EXPECT_EQ(counted.labor[0].playbook, "check");  // 6,000 yen with the assisted runs
  expectExact(counted.labor[0].minutes, 20);      // the figures themselves stay apart
  expectExact(counted.labor[0].assistedMinutes, 40);
  expectExact(counted.weekly[1].minutes, 50 + 40);
  expectExact(counted.weekly[1].yen, 5000 + 4000);
}

TEST(ReportBuilder, AChangedCreditPlaybookThatChangedNothingIsCreditedNothing) {
  LedgerContents ledger;
  LaborTotals cleanup = automated(5, 5, 0, 0);
  cleanup.credited = 0;
  ledger.days["2026-11-04"].labor["cleanup"] = cleanup;
  auto in = inputsFor(ledger, {2026, 11, 1}, {2026, 11, 30});
  ReportData::PlaybookAssumption rule;
  rule.playbook = "cleanup";
  rule.manualMinutes = 3;
  rule.credit = LaborCreditRule::changed;
  in.playbooks = std::vector{rule};
  const auto data = buildReport(in);
  ASSERT_EQ(data.labor.size(), 1u);
  EXPECT_EQ(data.labor[0].runs, 5);
  EXPECT_EQ(data.labor[0].successes, 5);
  EXPECT_EQ(data.labor[0].credited, 0);
  EXPECT_EQ(data.labor[0].minutes, 0);
  ASSERT_EQ(data.assumptions.playbooks.size(), 1u);
  EXPECT_EQ(data.assumptions.playbooks[0].credit, LaborCreditRule::changed);
}

TEST(ReportBuilder, ListsFailedRunsByDateWithTheirErrors) {
  LedgerContents ledger;
  LaborTotals late = automated(2, 1, 10, 1000);
  late.failures = {{"r3", "timeout", "step wait: timed out after 5m"}};
  LaborTotals early = automated(3, 1, 10, 1000);
  early.failures = {{"r1", "failure", "exit status 1"}, {"r2", "failure", ""}};
  ledger.days["2026-11-20"].labor["backup"] = late;
  ledger.days["2026-11-05"].labor["purge"] = early;
  ledger.days["2026-12-01"].labor["purge"] = early;  // outside the period
  const auto data = buildReport(inputsFor(ledger, {2026, 11, 1}, {2026, 11, 30}));
  ASSERT_EQ(data.failedRuns.size(), 3u);
  EXPECT_EQ(data.failedRuns[0].date, "2026-11-05");
  EXPECT_EQ(data.failedRuns[0].playbook, "purge");
  EXPECT_EQ(data.failedRuns[0].runId, "r1");
  EXPECT_EQ(data.failedRuns[0].error, "exit status 1");
  EXPECT_EQ(data.failedRuns[1].runId, "r2");
  EXPECT_EQ(data.failedRuns[2].date, "2026-11-20");
  EXPECT_EQ(data.failedRuns[2].playbook, "backup");
  EXPECT_EQ(data.failedRuns[2].result, "timeout");
  EXPECT_EQ(data.failedRuns[2].error, "step wait: timed out after 5m");
}

TEST(ReportBuilder, StatesTheAssumptionsOfLoadedPlaybooksAndOfThoseOnlyInTheLedger) {
  LedgerContents ledger;
  ledger.days["2026-11-02"].labor["retired"] = automated(1, 1, 20, 2000);
  ledger.days["2026-11-02"].labor["backup"] = automated(1, 1, 15, 1500);
  auto in = inputsFor(ledger, {2026, 11, 1}, {2026, 11, 30});
  in.labor.hourlyRateJpy = 4800;
  in.labor.hourlyRateSource = "2026年度 単価表";
  ReportData::PlaybookAssumption backup;
  backup.playbook = "backup";
  backup.description = "Checks last night's backup";
  backup.manualMinutes = 15;
  backup.basis = "runbook 4.2";
  ReportData::PlaybookAssumption idle;  // configured, did not run: listed all the same
  idle.playbook = "archive";
  idle.manualMinutes = 30;
  in.playbooks = std::vector{backup, idle};

  const auto data = buildReport(in);
  const auto& a = data.assumptions;
  expectExact(a.hourlyRateJpy, 4800);
  EXPECT_EQ(a.hourlyRateSource, "2026年度 単価表");
  EXPECT_TRUE(a.playbooksRead);
  ASSERT_EQ(a.playbooks.size(), 3u);  // by name
  EXPECT_EQ(a.playbooks[0].playbook, "archive");
  EXPECT_TRUE(a.playbooks[0].known);
  EXPECT_EQ(a.playbooks[1].playbook, "backup");
  EXPECT_TRUE(a.playbooks[1].known);
  EXPECT_EQ(a.playbooks[1].description, "Checks last night's backup");
  expectExact(a.playbooks[1].manualMinutes, 15);
  EXPECT_EQ(a.playbooks[1].basis, "runbook 4.2");
  EXPECT_EQ(a.playbooks[2].playbook, "retired");
  EXPECT_FALSE(a.playbooks[2].known);
}

TEST(ReportBuilder, UnreadablePlaybooksLeaveTheLedgersPlaybooksUnknown) {
  LedgerContents ledger;
  ledger.days["2026-11-02"].labor["backup"] = automated(1, 1, 15, 1500);
  auto in = inputsFor(ledger, {2026, 11, 1}, {2026, 11, 30});
  in.playbooks = std::nullopt;
  const auto data = buildReport(in);
  EXPECT_FALSE(data.assumptions.playbooksRead);
  ASSERT_EQ(data.assumptions.playbooks.size(), 1u);
  EXPECT_EQ(data.assumptions.playbooks[0].playbook, "backup");
  EXPECT_FALSE(data.assumptions.playbooks[0].known);
  expectExact(data.assumptions.hourlyRateJpy, 5000);  // the default rate still stands
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
