#include "agent/cost/cost_accountant.h"

#include <gtest/gtest.h>

#include <cmath>

#include "fakes/fake_clock.h"
#include "support/child_process.h"
#include "unit/agent/cost/accountant_fixture.h"

namespace unyo::agent {
namespace {

using namespace std::chrono_literals;
using unyo::testing::FakeClock;
using unyo::testing::TempDir;

TEST(CostAccountant, UsdPricesGiveTheExactYen) {
  TempDir tmp;
  FakeClock clock;
  Host host;
  Agent agent(tmp.path(), usdOptions(), clock);
  run(agent, clock, host, 10h, 15s, kGib / 4);
  const auto& a = agent.accountant;
  expectExact(cost(a, "compute"), 0.248 * 150 * 10);
  expectExact(cost(a, "storage"), 0.096 * 150 * 100 * 10 / 730);
  expectExact(cost(a, "fixed"), 120000.0 * 10 / 730);
  expectExact(cost(a, "network"), 0.114 * 150 * 2400 / 4);  // 600 GiB sent
  expectExact(a.totals().instanceHours, 10);
  expectExact(a.totals().storageGibHours.at("/"), 1000);
  expectExact(a.totals().egressBytes.at("eth0"), 600 * kGib);
  expectExact(a.rates().compute, 37.2);
  expectExact(a.rates().network, 0.114 * 150 * 0.25 * 240);  // 60 GiB an hour
}

TEST(CostAccountant, JpyPricesGiveTheExactYenAndStorageFallsBackToTheFilesystemSize) {
  TempDir tmp;
  FakeClock clock;
  Host host;
  CostOptions options;
  options.configured = true;
  options.compute = CostOptions::Compute{"", {40, Currency::jpy}, 0};
  options.storage.push_back({"/", {12, Currency::jpy}, std::nullopt});
  Agent agent(tmp.path(), options, clock);
  run(agent, clock, host, 7h + 30min, 10s);
  expectExact(cost(agent.accountant, "compute"), 40 * 7.5);
  expectExact(cost(agent.accountant, "storage"), 12.0 * 50 * 7.5 / 730);
  EXPECT_EQ(cost(agent.accountant, "network"), 0);
}

TEST(CostAccountant, SplitsAtLocalMidnight) {
  TempDir tmp;
  FakeClock clock(Clock::WallTime(std::chrono::seconds(1775052000)));  // 2026-04-01T23:00+09:00
  Host host;
  Agent agent(tmp.path(), usdOptions(), clock);
  run(agent, clock, host, 3h, 1min);
  agent.accountant.flush();
  auto contents = agent.ledger.load();
  ASSERT_TRUE(contents);
  ASSERT_EQ(contents->days.size(), 2u);
  expectExact(contents->days.at("2026-04-01").instanceHours, 1);
  expectExact(contents->days.at("2026-04-02").instanceHours, 2);
}

TEST(CostAccountant, AGapWhileTheHostWasStoppedAccruesStorageAndFeesButNoCompute) {
  TempDir tmp;
  FakeClock clock;
  Host host;
  {
    Agent agent(tmp.path(), usdOptions(), clock);
    run(agent, clock, host, 2h);
    agent.accountant.flush();  // a clean stop
  }
  // The VM is stopped for the night: 10 h later it boots, the agent starts a minute after.
  clock.advance(10h);
  host.bootTime = toUnixSeconds(clock.now());
  host.transmitBytes = 3 * kGib;  // sent since the boot
  clock.advance(1min);
  Agent agent(tmp.path(), usdOptions(), clock);
  agent.accountant.onSnapshot(snapshotOf(clock, host));
  const auto& a = agent.accountant;
  const double hours = 2 + 10 + 1.0 / 60;
  expectExact(a.totals().instanceHours, 2 + 1.0 / 60);
  expectExact(cost(a, "compute"), 37.2 * (2 + 1.0 / 60));
  expectExact(cost(a, "storage"), 14.4 * 100 * hours / 730);
  expectExact(cost(a, "fixed"), 120000.0 * hours / 730);
  expectExact(a.totals().egressBytes.at("eth0"), 3 * kGib);
}

TEST(CostAccountant, AnAgentRestartOnARunningHostAccruesComputeForTheGap) {
  TempDir tmp;
  FakeClock clock;
  Host host;
  {
    Agent agent(tmp.path(), usdOptions(), clock);
    run(agent, clock, host, 1h, 15s, 1000);
    agent.accountant.flush();
  }
  clock.advance(30min);
  host.transmitBytes += 5000;  // sent while the agent was down
  Agent agent(tmp.path(), usdOptions(), clock);
  agent.accountant.onSnapshot(snapshotOf(clock, host));
  expectExact(agent.accountant.totals().instanceHours, 1.5);
  expectExact(agent.accountant.totals().egressBytes.at("eth0"), 240 * 1000 + 5000);
}

TEST(CostAccountant, ACrashBeforeAFlushLosesNothing) {
  TempDir tmpA;
  TempDir tmpB;
  FakeClock clockA;
  FakeClock clockB;
  Host hostA;
  Host hostB;
  auto options = usdOptions();
  options.flushInterval = 10min;
  Agent steady(tmpA.path(), options, clockA);
  run(steady, clockA, hostA, 5h, 15s, 777);
  {
    Agent crashing(tmpB.path(), options, clockB);
    run(crashing, clockB, hostB, 4h + 55min, 15s, 777);  // dies without flushing the last minutes
  }
  Agent restarted(tmpB.path(), options, clockB);
  run(restarted, clockB, hostB, 5min, 15s, 777);
  for (const char* component : kCostComponents) {
    expectExact(cost(restarted.accountant, component), cost(steady.accountant, component));
  }
  expectExact(restarted.accountant.totals().instanceHours, 5);
  expectExact(restarted.accountant.totals().egressBytes.at("eth0"),
              steady.accountant.totals().egressBytes.at("eth0"));
}

TEST(CostAccountant, AWallClockStepAddsNoCost) {
  TempDir tmp;
  FakeClock clock;
  Host host;
  Agent agent(tmp.path(), usdOptions(), clock);
  run(agent, clock, host, 1h);
  clock.jumpWall(clock.now() + 24h);  // NTP corrects a clock a day behind
  run(agent, clock, host, 1h);
  expectExact(agent.accountant.totals().instanceHours, 2);
}

TEST(CostAccountant, AnUnsetWallClockAccruesNothingAndTheSetClockCatchesUp) {
  TempDir tmp;
  FakeClock clock;
  Host host;
  Agent agent(tmp.path(), usdOptions(), clock);
  run(agent, clock, host, 1h);
  const auto set = clock.now();
  clock.jumpWall(Clock::WallTime(std::chrono::seconds(0)));  // 1970: the RTC was lost
  run(agent, clock, host, 1h);
  expectExact(agent.accountant.totals().instanceHours, 1);
  clock.jumpWall(set + 1h);  // NTP sets it again
  run(agent, clock, host, 1h);
  expectExact(agent.accountant.totals().instanceHours, 3);
  agent.accountant.flush();
  auto contents = agent.ledger.load();
  ASSERT_TRUE(contents);
  EXPECT_FALSE(contents->days.contains("1970-01-01"));
}

TEST(CostAccountant, ExportsRatesTotalsBaselineUsageAndRightsizing) {
  TempDir tmp;
  FakeClock clock;
  Host host;
  host.cpuUtilization = 0.10;
  Agent agent(tmp.path(), usdOptions(), clock);
  run(agent, clock, host, 1h, 15s, 1000);
  Families out;
  agent.accountant.appendMetrics(out);
  expectExact(valueWith(out, "unyo_cost_yen_per_hour", "component", "compute"), 37.2);
  expectExact(valueWith(out, "unyo_cost_yen_per_hour", "component", "fixed"), 120000.0 / 730);
  expectExact(valueWith(out, "unyo_cost_projected_yen_per_month", "component", "storage"), 1440);
  expectExact(valueWith(out, "unyo_cost_yen_total", "component", "compute"), 37.2);
  EXPECT_EQ(valueWith(out, "unyo_cost_baseline_yen_per_month", "component", "total"), 350000);
  expectExact(valueWith(out, "unyo_cost_idle_yen_per_hour"), 37.2 * 0.9);
  expectExact(valueWith(out, "unyo_usage_instance_hours_total"), 1);
  expectExact(valueWith(out, "unyo_usage_storage_gib_hours_total", "mountpoint", "/"), 100);
  EXPECT_EQ(valueWith(out, "unyo_usage_egress_bytes_total", "device", "eth0"), 240 * 1000);
  EXPECT_EQ(valueWith(out, "unyo_fx_usd_jpy"), 150);
  EXPECT_DOUBLE_EQ(valueWith(out, "unyo_rightsizing_cpu_p95_ratio"), 0.11);
  EXPECT_EQ(valueWith(out, "unyo_rightsizing_suggested_vcpus"), 1);  // 0.11 x 4 = 0.44 of one
  expectExact(valueWith(out, "unyo_rightsizing_potential_savings_yen_per_hour"), 37.2 * 3 / 4);
  EXPECT_EQ(family(out, "unyo_cost_yen_total")->type, prometheus::MetricType::Counter);
}

TEST(CostAccountant, WithoutACostSectionExportsNoCostSeries) {
  TempDir tmp;
  FakeClock clock;
  Host host;
  Agent agent(tmp.path(), CostOptions{}, clock);
  run(agent, clock, host, 1h);
  Families out;
  agent.accountant.appendMetrics(out);
  EXPECT_EQ(family(out, "unyo_cost_yen_total"), nullptr);
  EXPECT_EQ(family(out, "unyo_usage_instance_hours_total"), nullptr);
  EXPECT_EQ(family(out, "unyo_cost_month_yen"), nullptr);
  EXPECT_EQ(family(out, "unyo_cost_month_projected_yen"), nullptr);
  EXPECT_NE(family(out, "unyo_rightsizing_cpu_p95_ratio"), nullptr);
  agent.accountant.flush();
  auto contents = agent.ledger.load();
  ASSERT_TRUE(contents);
  EXPECT_TRUE(contents->days.empty());
}

TEST(CostAccountant, NoRightsizingFromTheFirstFewSamples) {
  TempDir tmp;
  FakeClock clock;
  Host host;
  Agent agent(tmp.path(), usdOptions(), clock);
  run(agent, clock, host, 59min);  // 237 samples
  Families out;
  agent.accountant.appendMetrics(out);
  EXPECT_EQ(family(out, "unyo_rightsizing_cpu_p95_ratio"), nullptr);
  EXPECT_EQ(family(out, "unyo_rightsizing_suggested_vcpus"), nullptr);
  EXPECT_NE(family(out, "unyo_cost_yen_total"), nullptr);
}

TEST(CostAccountant, RestoresTotalsAndTheDistributionAfterARestart) {
  TempDir tmp;
  FakeClock clock;
  Host host;
  double before = 0;
  {
    Agent agent(tmp.path(), usdOptions(), clock);
    run(agent, clock, host, 2h);
    agent.accountant.flush();
    before = cost(agent.accountant, "compute");
  }
  Agent agent(tmp.path(), usdOptions(), clock);
  expectExact(cost(agent.accountant, "compute"), before);
  EXPECT_GT(agent.accountant.distribution().samples(clock.now()), 400u);
}

TEST(CostAccountant, AnUnreadableLedgerIsAnError) {
  TempDir tmp;
  FakeClock clock;
  std::filesystem::create_directories(tmp.path() / "ledger" /
                                      "days.jsonl");  // a folder, not a file
  Logger log(clock, LogLevel::error, LogFormat::logfmt, -1);
  Ledger ledger(tmp.path() / "ledger");
  CostAccountant accountant(ledger, tmp.path() / "usage-distribution.txt", log);
  accountant.configure(usdOptions(), unyo::TimeZone::utc());
  EXPECT_FALSE(accountant.restore(clock.now()));
}

}  // namespace
}  // namespace unyo::agent
