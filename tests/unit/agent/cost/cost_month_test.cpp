// The month gauges: the cost of the current local month, kept across a
// restart, started again when the month changes, and projected to the
// month's end at the current rate.

#include <gtest/gtest.h>

#include "agent/cost/cost_accountant.h"
#include "agent/cost/local_month.h"
#include "fakes/fake_clock.h"
#include "support/child_process.h"
#include "unit/agent/cost/accountant_fixture.h"

namespace unyo::agent {
namespace {

using namespace std::chrono_literals;
using unyo::testing::FakeClock;
using unyo::testing::TempDir;

Clock::WallTime unixTime(long seconds) { return Clock::WallTime(std::chrono::seconds(seconds)); }

constexpr long kMarch31At22Tokyo = 1774962000;  // 2026-03-31T22:00+09:00
constexpr long kApril10Tokyo = 1775746800;      // 2026-04-10T00:00+09:00
constexpr long kApril30At23Tokyo = 1777557600;  // 2026-04-30T23:00+09:00

// 40 yen an hour of compute and 73,000 yen a month of fees (100 yen an
// hour): round numbers to check against.
CostOptions yenOptions() {
  CostOptions options;
  options.configured = true;
  options.compute = CostOptions::Compute{"", {40, Currency::jpy}, 0};
  options.fixed.push_back({"app-license", {73000, Currency::jpy}});
  return options;
}

double month(const CostAccountant& accountant, const char* component) {
  const auto& yen = accountant.monthCostYen();
  return yen.contains(component) ? yen.at(component) : 0;
}

TEST(CostMonth, ARestartMidMonthKeepsTheMonthAndLeavesOutTheMonthBefore) {
  TempDir tmp;
  FakeClock clock(unixTime(kMarch31At22Tokyo));
  Host host;
  host.bootTime = kMarch31At22Tokyo - 3600;
  {
    Agent agent(tmp.path(), yenOptions(), clock);
    run(agent, clock, host, 4h, 1min);  // 2 h in March, 2 h in April
    expectExact(month(agent.accountant, "compute"), 80);
    agent.accountant.flush();
  }
  Agent restarted(tmp.path(), yenOptions(), clock);
  expectExact(month(restarted.accountant, "compute"), 80);
  expectExact(month(restarted.accountant, "fixed"), 200);
  EXPECT_EQ(month(restarted.accountant, "storage"), 0);
  expectExact(cost(restarted.accountant, "compute"), 160);  // the counter keeps March too

  run(restarted, clock, host, 1h, 1min);
  expectExact(month(restarted.accountant, "compute"), 120);
  Families out;
  restarted.accountant.appendMetrics(out);
  expectExact(valueWith(out, "unyo_cost_month_yen", "component", "compute"), 120);
  expectExact(valueWith(out, "unyo_cost_month_yen", "component", "fixed"), 300);
  EXPECT_EQ(family(out, "unyo_cost_month_yen")->type, prometheus::MetricType::Gauge);
}

TEST(CostMonth, StartsAgainWhenTheMonthChanges) {
  TempDir tmp;
  FakeClock clock(unixTime(kApril30At23Tokyo));
  Host host;
  Agent agent(tmp.path(), yenOptions(), clock);
  run(agent, clock, host, 30min, 1min);
  expectExact(month(agent.accountant, "compute"), 20);  // all of it in April
  run(agent, clock, host, 90min, 1min);                 // 30 min of April, an hour of May
  expectExact(month(agent.accountant, "compute"), 40);
  expectExact(month(agent.accountant, "fixed"), 100);
  expectExact(cost(agent.accountant, "compute"), 80);
}

TEST(CostMonth, AGapAcrossTheMonthEndCountsOnlyTheNewMonthsPart) {
  TempDir tmp;
  FakeClock clock(unixTime(kApril30At23Tokyo - 3600));
  Host host;
  host.bootTime = kApril30At23Tokyo - 7200;
  {
    Agent agent(tmp.path(), yenOptions(), clock);
    run(agent, clock, host, 1h, 1min);  // 22:00-23:00 on April 30
    agent.accountant.flush();
  }
  clock.advance(3h);  // the agent was down until 02:00 on May 1; the host was up
  Agent agent(tmp.path(), yenOptions(), clock);
  EXPECT_EQ(month(agent.accountant, "compute"), 0);  // nothing of May in the ledger yet
  agent.accountant.onSnapshot(snapshotOf(clock, host));
  expectExact(month(agent.accountant, "compute"), 80);  // 00:00-02:00
  expectExact(cost(agent.accountant, "compute"), 160);
  agent.accountant.flush();
  auto contents = agent.ledger.load();
  ASSERT_TRUE(contents);
  const auto may = localMonth(*unyo::TimeZone::load("Asia/Tokyo"), 2026, 5);
  expectExact(monthCostYen(contents->days, may).at("compute"), 80);
}

TEST(CostMonth, ProjectsTheMonthAtTheCurrentRate) {
  TempDir tmp;
  FakeClock clock(unixTime(kApril10Tokyo));
  Host host;
  Agent agent(tmp.path(), yenOptions(), clock);
  run(agent, clock, host, 1h, 1min);
  // 01:00 on April 10: 20 days and 23 hours (503 h) are left of April.
  const auto projected = agent.accountant.monthProjectedYen();
  expectExact(projected.at("compute"), 40 + 40 * 503.0);
  expectExact(projected.at("fixed"), 100 + 100 * 503.0);
  EXPECT_EQ(projected.at("network"), 0);
  Families out;
  agent.accountant.appendMetrics(out);
  expectExact(valueWith(out, "unyo_cost_month_projected_yen", "component", "compute"), 20160);
  expectExact(valueWith(out, "unyo_cost_month_projected_yen", "component", "fixed"), 50400);
}

TEST(CostMonth, TheProjectionOfAWholeMonthAtAConstantRateIsTheMonthsCost) {
  TempDir tmp;
  FakeClock clock(unixTime(kApril30At23Tokyo + 3600));  // 2026-05-01T00:00+09:00
  Host host;
  host.bootTime = kApril30At23Tokyo;
  Agent agent(tmp.path(), yenOptions(), clock);
  run(agent, clock, host, 10h, 5min);
  const double mayHours = 31 * 24;
  expectExact(agent.accountant.monthProjectedYen().at("compute"), 40 * mayHours);
}

}  // namespace
}  // namespace unyo::agent
