#include "agent/fleet/fleet_period.h"

#include <gtest/gtest.h>

#include "agent/fleet/fleet_queries.h"

namespace unyo::agent {
namespace {

using std::chrono::seconds;

unyo::TimeZone tokyo() { return *unyo::TimeZone::load("Asia/Tokyo"); }
Clock::WallTime at(long unix) { return Clock::WallTime(seconds(unix)); }
long unixOf(Clock::WallTime t) {
  return static_cast<long>(std::chrono::duration_cast<seconds>(t.time_since_epoch()).count());
}

constexpr long kNov2At9Tokyo = 1793577600;  // 2026-11-02T09:00+09:00

TEST(FleetPeriod, DefaultsToLastMonthInTokyo) {
  const auto period = fleetPeriod(std::nullopt, at(kNov2At9Tokyo), tokyo());
  ASSERT_TRUE(period) << period.error().message;
  EXPECT_EQ(period->month.name(), "2026-10");
  EXPECT_FALSE(period->partial);
  EXPECT_EQ(unixOf(period->month.start), 1790780400);  // 2026-09-30T15:00Z
  EXPECT_EQ(unixOf(period->until), 1793458800);        // 2026-10-31T15:00Z
  EXPECT_EQ(period->seconds(), 31 * 86400);
  EXPECT_EQ(period->shareOfMonth(), 1);
  EXPECT_EQ(period->lastDay, (unyo::CivilDate{2026, 10, 31}));
}

TEST(FleetPeriod, JustAfterMidnightOnTheFirstInTokyoIsAlreadyTheNewMonth) {
  // 2026-10-31T15:00:01Z: still October in UTC, November 1 in Tokyo.
  const auto period = fleetPeriod(std::nullopt, at(1793458801), tokyo());
  ASSERT_TRUE(period);
  EXPECT_EQ(period->month.name(), "2026-10");
  EXPECT_FALSE(period->partial);
}

TEST(FleetPeriod, TheCurrentMonthIsPartialUpToNow) {
  const auto period = fleetPeriod("2026-11", at(kNov2At9Tokyo), tokyo());
  ASSERT_TRUE(period);
  EXPECT_TRUE(period->partial);
  EXPECT_EQ(unixOf(period->until), kNov2At9Tokyo);
  EXPECT_EQ(period->seconds(), 33 * 3600);  // from Nov 1 00:00 to Nov 2 09:00
  EXPECT_DOUBLE_EQ(period->shareOfMonth(), 33.0 / (30 * 24));
  EXPECT_EQ(period->lastDay, (unyo::CivilDate{2026, 11, 2}));
}

TEST(FleetPeriod, RefusesBadAndFutureMonths) {
  for (const char* bad : {"2026-13", "2026-1", "202610", "October", ""}) {
    const auto period = fleetPeriod(std::string_view(bad), at(kNov2At9Tokyo), tokyo());
    ASSERT_FALSE(period) << bad;
    EXPECT_EQ(period.error().kind, ErrorKind::invalid);
    EXPECT_NE(period.error().message.find("YYYY-MM"), std::string::npos);
  }
  const auto future = fleetPeriod("2026-12", at(kNov2At9Tokyo), tokyo());
  ASSERT_FALSE(future);
  EXPECT_NE(future.error().message.find("has not begun"), std::string::npos);
}

TEST(FleetQueries, CoverTheMonthFromItsEndAndLookBeforeItsStart) {
  const auto period = *fleetPeriod("2026-10", at(kNov2At9Tokyo), tokyo());
  FleetScope scope;
  scope.prefecture = "13";
  const auto queries = fleetQueries(scope, period);
  ASSERT_EQ(queries.size(), static_cast<std::size_t>(FleetQueryId::count_));
  const auto& end = queries[static_cast<std::size_t>(FleetQueryId::costEnd)];
  EXPECT_EQ(end.promql,
            "sum by (instance, lg_code, system) (last_over_time(unyo_cost_yen_total"
            "{job=\"unyo\",environment=\"production\",prefecture=\"13\"}[2678400s]))");
  EXPECT_EQ(unixOf(end.at), 1793458800);
  const auto& start = queries[static_cast<std::size_t>(FleetQueryId::costStart)];
  EXPECT_EQ(unixOf(start.at), 1790780400);
  EXPECT_NE(start.promql.find("[2678400s]"), std::string::npos);  // 31 days back
  for (const auto& query : queries) {
    EXPECT_NE(query.promql.find("prefecture=\"13\""), std::string::npos) << query.promql;
  }
}

TEST(FleetQueries, TheScopeIsChecked) {
  EXPECT_TRUE(fleetScope("production", "13", ""));
  EXPECT_TRUE(fleetScope("staging", "", "131016"));
  EXPECT_FALSE(fleetScope("production", "48", ""));
  EXPECT_FALSE(fleetScope("production", "1", ""));
  EXPECT_FALSE(fleetScope("production", "\"}", ""));
  EXPECT_FALSE(fleetScope("production", "", "131017"));  // wrong check digit
  EXPECT_FALSE(fleetScope("production", "13", "131016"));
  EXPECT_FALSE(fleetScope("prod\"uction", "", ""));
  EXPECT_EQ(selectorOf(*fleetScope("staging", "", "131016")),
            "{job=\"unyo\",environment=\"staging\",lg_code=\"131016\"}");
}

}  // namespace
}  // namespace unyo::agent
