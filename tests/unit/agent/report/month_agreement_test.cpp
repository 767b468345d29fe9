// The month gauge (unyo_cost_month_yen) and `unyo report` over the same
// month read the same ledger days: they must give the same number.

#include <gtest/gtest.h>

#include "agent/cost/local_month.h"
#include "agent/report/report_builder.h"
#include "support/child_process.h"
#include "unit/agent/cost/accountant_fixture.h"

namespace unyo::agent {
namespace {

using namespace std::chrono_literals;
using unyo::testing::TempDir;

TEST(MonthAgreement, TheMonthGaugeIsWhatTheReportShowsForTheMonth) {
  TempDir tmp;
  FakeClock clock(Clock::WallTime(std::chrono::seconds(1777548600)));  // 2026-04-30T20:30+09:00
  Host host;
  Agent agent(tmp.path(), usdOptions(), clock);
  run(agent, clock, host, 7h, 15s, 1e6);  // into May 1, with egress
  agent.accountant.flush();

  auto contents = agent.ledger.load();
  ASSERT_TRUE(contents);
  const auto zone = *unyo::TimeZone::load("Asia/Tokyo");
  const auto may = localMonthOf(zone, clock.now());
  ReportInputs in;
  in.cost = usdOptions();
  in.zone = zone;
  in.from = may.firstDay();
  in.to = may.lastDay();
  in.now = clock.now();
  in.ledger = &*contents;
  const auto report = buildReport(in);

  double reported = 0;
  for (const auto& row : report.costs) {
    const auto& gauge = agent.accountant.monthCostYen();
    const double gaugeYen = gauge.contains(row.component) ? gauge.at(row.component) : 0;
    expectExact(row.actualYen, gaugeYen);
    reported += row.actualYen;
  }
  EXPECT_GT(reported, 0);
  // And a restart reads the same number back from the ledger.
  Agent restarted(tmp.path(), usdOptions(), clock);
  double restored = 0;
  for (const auto& [component, yen] : restarted.accountant.monthCostYen()) restored += yen;
  expectExact(restored, reported);
}

}  // namespace
}  // namespace unyo::agent
