#include "agent/fleet/fleet_rows.h"

#include <gtest/gtest.h>

#include "unit/agent/fleet/fleet_samples.h"

namespace unyo::agent {
namespace {

using Id = FleetQueryId;

FleetPeriod october() {
  return *fleetPeriod("2026-10", Clock::WallTime(std::chrono::seconds(1793577600)),
                      *unyo::TimeZone::load("Asia/Tokyo"));
}

const FleetRow& rowOf(const FleetReportData& data, const std::string& lgCode,
                      const std::string& system) {
  for (const auto& row : data.rows) {
    if (row.lgCode == lgCode && row.system == system) return row;
  }
  ADD_FAILURE() << "no row " << lgCode << " " << system;
  static const FleetRow kNone;
  return kNone;
}

TEST(FleetRows, CostIsTheCountersGrowthSummedOverTheAgentsOfASystem) {
  FleetAnswers a;
  a.agent("131016", "resident_registry", "Vendor A", 1000, 301000, 1);
  a.agent("131016", "resident_registry", "Vendor A", 500, 100500, 2);
  a.agent("131016", "individual_resident_tax", "Vendor B", 0, 50000);
  const auto data = buildFleetReport(a.answers(), october(), FleetScope{});
  ASSERT_EQ(data.rows.size(), 2u);
  // businessSystems() order: resident_registry before individual_resident_tax.
  EXPECT_EQ(data.rows[0].system, "resident_registry");
  EXPECT_EQ(data.rows[0].costYen, 400000);
  EXPECT_EQ(data.rows[0].agents, 2);
  EXPECT_EQ(data.rows[0].vendors, std::vector<std::string>{"Vendor A"});
  EXPECT_EQ(data.rows[1].costYen, 50000);
  EXPECT_EQ(data.month, "2026-10");
  EXPECT_EQ(data.periodTo, "2026-10-31");
}

TEST(FleetRows, AnAgentThatStartedInTheMonthCountsFromZero) {
  FleetAnswers a;
  a.add(Id::costEnd, "131016", "resident_registry", 1234);  // no start value
  const auto data = buildFleetReport(a.answers(), october(), FleetScope{});
  EXPECT_EQ(rowOf(data, "131016", "resident_registry").costYen, 1234);
}

TEST(FleetRows, AnAgentSilentAllMonthAddsNothingAndAResetCountsItsEndValue) {
  FleetAnswers a;
  a.add(Id::costStart, "131016", "resident_registry", 9999, {}, 1);  // gone before the month
  a.add(Id::costEnd, "131016", "resident_registry", 100, {}, 2);
  a.add(Id::costStart, "131016", "resident_registry", 5000, {}, 2);  // state wiped: reset
  const auto data = buildFleetReport(a.answers(), october(), FleetScope{});
  const auto& row = rowOf(data, "131016", "resident_registry");
  EXPECT_EQ(row.costYen, 100);
  EXPECT_EQ(row.agents, 1);
}

TEST(FleetRows, EstimateVarianceYenPerResidentLaborRunsAndCoverage) {
  FleetAnswers a;
  a.agent("131016", "resident_registry", "Vendor A", 0, 330000, 1, "千代田区");
  a.add(Id::baseline, "131016", "resident_registry", 300000);
  a.population("131016", 66000);
  a.add(Id::laborMinutesEnd, "131016", "resident_registry", 900);
  a.add(Id::laborMinutesStart, "131016", "resident_registry", 300);
  a.add(Id::laborYenEnd, "131016", "resident_registry", 30000);
  a.add(Id::laborYenStart, "131016", "resident_registry", 10000);
  a.add(Id::runsEnd, "131016", "resident_registry", 70, {{"result", "success"}});
  a.add(Id::runsStart, "131016", "resident_registry", 10, {{"result", "success"}});
  a.add(Id::runsEnd, "131016", "resident_registry", 3, {{"result", "failure"}});
  a.add(Id::runsEnd, "131016", "resident_registry", 2, {{"result", "timeout"}});
  a.add(Id::runsEnd, "131016", "resident_registry", 9, {{"result", "dry_run"}});
  const auto data = buildFleetReport(a.answers(), october(), FleetScope{});
  const auto& row = rowOf(data, "131016", "resident_registry");
  EXPECT_EQ(row.municipalityName, "千代田区");
  ASSERT_TRUE(row.estimateYen);
  EXPECT_EQ(*row.estimateYen, 300000);
  EXPECT_EQ(*row.varianceYen, 30000);
  EXPECT_DOUBLE_EQ(*row.variancePercent, 10);
  EXPECT_EQ(*row.population, 66000);
  EXPECT_DOUBLE_EQ(*row.yenPerResident, 5);
  EXPECT_EQ(row.laborMinutes, 600);
  EXPECT_EQ(row.laborYen, 20000);
  EXPECT_EQ(row.runs, 65);     // success, failure, timeout; not the dry runs
  EXPECT_EQ(row.failures, 5);  // failure and timeout
  ASSERT_TRUE(row.coverage);
  EXPECT_DOUBLE_EQ(*row.coverage, 1);
}

TEST(FleetRows, CoverageIsTheShareOfThePeriodWithSamplesCappedAtOne) {
  FleetAnswers a;
  a.add(Id::costEnd, "131016", "resident_registry", 1, {}, 1);
  a.add(Id::infoSamples, "131016", "resident_registry", 31 * 86400 / 30, {}, 1);  // half
  a.add(Id::sampleInterval, "131016", "resident_registry", 15, {}, 1);
  a.add(Id::costEnd, "131016", "resident_registry", 1, {}, 2);
  a.add(Id::infoSamples, "131016", "resident_registry", 31 * 86400, {}, 2);  // too many: 1
  a.add(Id::sampleInterval, "131016", "resident_registry", 15, {}, 2);
  a.add(Id::costEnd, "131024", "resident_registry", 1);  // no interval: unknown
  const auto data = buildFleetReport(a.answers(), october(), FleetScope{});
  EXPECT_DOUBLE_EQ(*rowOf(data, "131016", "resident_registry").coverage, 0.75);
  EXPECT_FALSE(rowOf(data, "131024", "resident_registry").coverage);
}

TEST(FleetRows, APartialMonthProRatesTheEstimate) {
  auto period = *fleetPeriod("2026-11", Clock::WallTime(std::chrono::seconds(1793577600)),
                             *unyo::TimeZone::load("Asia/Tokyo"));
  FleetAnswers a;
  a.add(Id::costEnd, "131016", "resident_registry", 100);
  a.add(Id::baseline, "131016", "resident_registry", 720000);
  const auto data = buildFleetReport(a.answers(), period, FleetScope{});
  EXPECT_TRUE(data.partial);
  EXPECT_DOUBLE_EQ(*rowOf(data, "131016", "resident_registry").estimateYen, 720000.0 * 33 / 720);
}

TEST(FleetRows, OutliersAreFlaggedPerSystemWithTheirVendor) {
  FleetAnswers a;
  const std::vector<std::pair<std::string, double>> costs = {
      {"131016", 10}, {"131024", 11}, {"131032", 12}, {"131041", 13}, {"131059", 40}};
  for (const auto& [code, perResident] : costs) {
    a.agent(code, "resident_registry", code == "131059" ? "Costly Ltd" : "Vendor A", 0,
            perResident * 1000);
    a.population(code, 1000);
  }
  a.agent("131016", "family_register", "Vendor C", 0, 99999);  // another system, alone
  const auto data = buildFleetReport(a.answers(), october(), FleetScope{});
  ASSERT_EQ(data.systems.size(), 2u);
  const auto& registry = data.systems[0];
  EXPECT_EQ(registry.system, "resident_registry");
  EXPECT_EQ(registry.municipalities, 5);
  EXPECT_DOUBLE_EQ(registry.yenPerResident->median, 12);
  ASSERT_EQ(registry.outliers.size(), 1u);
  EXPECT_EQ(data.rows[registry.outliers[0]].lgCode, "131059");
  EXPECT_EQ(data.rows[registry.outliers[0]].outlier, Outlier::high);
  EXPECT_EQ(rowOf(data, "131016", "resident_registry").outlier, Outlier::none);
  EXPECT_EQ(data.systems[1].municipalities, 1);  // family_register had a population too
}

TEST(FleetRows, NoAnswersNoRows) {
  const auto data = buildFleetReport(FleetAnswers().answers(), october(), FleetScope{});
  EXPECT_TRUE(data.rows.empty());
  EXPECT_TRUE(data.systems.empty());
}

}  // namespace
}  // namespace unyo::agent
