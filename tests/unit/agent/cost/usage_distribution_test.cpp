#include "agent/cost/usage_distribution.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace unyo::agent {
namespace {

using namespace std::chrono_literals;

constexpr std::int64_t kDay = 20423;  // 2025-12-01 (UTC)
constexpr double kTotal = 16777216000;

// `offset` into day number `day` (UTC).
Clock::WallTime at(std::int64_t day, std::chrono::seconds offset = 12h) {
  return Clock::WallTime(std::chrono::days(day) + offset);
}

void addCpu(UsageDistribution& usage, Clock::WallTime when, double cpuRatio) {
  usage.add(when, cpuRatio, kTotal / 2, kTotal);
}

// The upper edge of the bucket a single CPU sample lands in.
double cpuEdgeOf(double ratio) {
  UsageDistribution usage;
  addCpu(usage, at(kDay), ratio);
  return usage.cpuPercentile(at(kDay), 1.0).value_or(-1);
}

double memoryEdgeOf(double used, double total) {
  UsageDistribution usage;
  usage.add(at(kDay), 0.5, used, total);
  return usage.memoryPercentile(at(kDay), 1.0).value_or(-1);
}

TEST(UsageDistributionTest, CpuBucketsAreOnePercentAndClamped) {
  EXPECT_DOUBLE_EQ(cpuEdgeOf(0.0), 0.01);
  EXPECT_DOUBLE_EQ(cpuEdgeOf(0.009), 0.01);
  EXPECT_DOUBLE_EQ(cpuEdgeOf(0.01), 0.02);
  EXPECT_DOUBLE_EQ(cpuEdgeOf(0.29), 0.30);  // 0.29 x 100 is 28.999999999999996
  EXPECT_DOUBLE_EQ(cpuEdgeOf(0.5), 0.51);
  EXPECT_DOUBLE_EQ(cpuEdgeOf(0.989), 0.99);
  EXPECT_DOUBLE_EQ(cpuEdgeOf(0.999), 1.0);
  EXPECT_DOUBLE_EQ(cpuEdgeOf(1.0), 1.0);
  EXPECT_DOUBLE_EQ(cpuEdgeOf(1.5), 1.0);
}

TEST(UsageDistributionTest, MemoryBucketsAreHalfPercentOfTheTotal) {
  EXPECT_DOUBLE_EQ(memoryEdgeOf(0, 1000), 5);
  EXPECT_DOUBLE_EQ(memoryEdgeOf(4.9, 1000), 5);
  EXPECT_DOUBLE_EQ(memoryEdgeOf(5, 1000), 10);
  EXPECT_DOUBLE_EQ(memoryEdgeOf(999, 1000), 1000);
  EXPECT_DOUBLE_EQ(memoryEdgeOf(1000, 1000), 1000);
  EXPECT_DOUBLE_EQ(memoryEdgeOf(1500, 1000), 1000);
  EXPECT_DOUBLE_EQ(memoryEdgeOf(kTotal / 4, kTotal), 0.255 * kTotal);
}

TEST(UsageDistributionTest, PercentileIsTheUpperEdgeOfItsBucket) {
  UsageDistribution usage;
  for (int i = 0; i < 100; ++i) addCpu(usage, at(kDay, std::chrono::seconds(i)), i / 100.0);
  const auto now = at(kDay);
  EXPECT_EQ(usage.samples(now), 100u);
  EXPECT_DOUBLE_EQ(usage.cpuPercentile(now, 0.95).value(), 0.95);
  EXPECT_DOUBLE_EQ(usage.cpuPercentile(now, 0.50).value(), 0.50);
  EXPECT_DOUBLE_EQ(usage.cpuPercentile(now, 0.99).value(), 0.99);
  EXPECT_DOUBLE_EQ(usage.cpuPercentile(now, 1.0).value(), 1.0);
  EXPECT_DOUBLE_EQ(usage.cpuPercentile(now, 0.0).value(), 0.01);  // the lowest sample
}

TEST(UsageDistributionTest, PercentileRankRoundsUp) {
  UsageDistribution usage;
  for (int i = 0; i < 19; ++i) addCpu(usage, at(kDay), 0.10);
  addCpu(usage, at(kDay), 0.90);
  // n = 20: p95 is the 19th sample, p96 the 20th.
  EXPECT_DOUBLE_EQ(usage.cpuPercentile(at(kDay), 0.95).value(), 0.11);
  EXPECT_DOUBLE_EQ(usage.cpuPercentile(at(kDay), 0.96).value(), 0.91);
}

TEST(UsageDistributionTest, EmptyHasNoPercentile) {
  UsageDistribution usage;
  EXPECT_EQ(usage.samples(at(kDay)), 0u);
  EXPECT_FALSE(usage.cpuPercentile(at(kDay), 0.95));
  EXPECT_FALSE(usage.memoryPercentile(at(kDay), 0.95));
}

TEST(UsageDistributionTest, MemoryPercentileUsesTheLatestTotal) {
  UsageDistribution usage;
  for (int i = 0; i < 19; ++i) usage.add(at(kDay), 0.1, 250, 1000);  // bucket 50
  usage.add(at(kDay), 0.1, 1800, 2000);                              // bucket 180
  EXPECT_DOUBLE_EQ(usage.memoryPercentile(at(kDay), 0.95).value(), 0.255 * 2000);
  EXPECT_DOUBLE_EQ(usage.memoryPercentile(at(kDay), 1.0).value(), 0.905 * 2000);
}

TEST(UsageDistributionTest, WindowIsTodayAndTheSixDaysBefore) {
  UsageDistribution usage;
  addCpu(usage, at(kDay, 0s), 0.9);  // midnight: the first second of kDay
  addCpu(usage, at(kDay + 3), 0.2);
  EXPECT_EQ(usage.samples(at(kDay + 6, 24h - 1s)), 2u);
  EXPECT_EQ(usage.samples(at(kDay + 7, 0s)), 1u);  // kDay is 7 days ago
  EXPECT_EQ(usage.samples(at(kDay + 8)), 1u);
  EXPECT_DOUBLE_EQ(usage.cpuPercentile(at(kDay + 8), 1.0).value(), 0.21);
  EXPECT_EQ(usage.samples(at(kDay + 10)), 0u);
  EXPECT_FALSE(usage.cpuPercentile(at(kDay + 10), 0.95));
  // Days after `now` are not in its window either.
  EXPECT_EQ(usage.samples(at(kDay - 1, 24h - 1s)), 0u);
  EXPECT_EQ(usage.samples(at(kDay, 0s)), 1u);
}

TEST(UsageDistributionTest, ReusingASlotClearsTheOldDay) {
  UsageDistribution usage;
  addCpu(usage, at(kDay), 0.9);
  addCpu(usage, at(kDay), 0.9);
  addCpu(usage, at(kDay + 7), 0.1);  // same slot as kDay
  EXPECT_EQ(usage.samples(at(kDay + 7)), 1u);
  EXPECT_DOUBLE_EQ(usage.cpuPercentile(at(kDay + 7), 1.0).value(), 0.11);
  EXPECT_EQ(usage.samples(at(kDay + 6)), 0u);  // kDay is gone, kDay + 7 is ahead
  EXPECT_EQ(usage.serialize().find("day 20423 "), std::string::npos);
}

TEST(UsageDistributionTest, ClockGoingBackByDaysKeepsTheNewerDay) {
  UsageDistribution usage;
  addCpu(usage, at(kDay + 7), 0.1);
  addCpu(usage, at(kDay), 0.9);  // same slot, older day: skipped
  EXPECT_EQ(usage.samples(at(kDay + 7)), 1u);
  EXPECT_DOUBLE_EQ(usage.cpuPercentile(at(kDay + 7), 1.0).value(), 0.11);
  // Back by one day lands in another slot, which is still inside the window.
  addCpu(usage, at(kDay + 6), 0.5);
  EXPECT_EQ(usage.samples(at(kDay + 7)), 2u);
}

TEST(UsageDistributionTest, InvalidSamplesAreIgnored) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  UsageDistribution usage;
  usage.add(at(kDay), 0.5, 100, 1000);
  usage.add(at(kDay), nan, 100, 2000);
  usage.add(at(kDay), -0.1, 100, 2000);
  usage.add(at(kDay), inf, 100, 2000);
  usage.add(at(kDay), 0.5, nan, 2000);
  usage.add(at(kDay), 0.5, -1, 2000);
  usage.add(at(kDay), 0.5, 100, 0);
  usage.add(at(kDay), 0.5, 100, -1000);
  usage.add(at(kDay), 0.5, 100, nan);
  usage.add(at(kDay), 0.5, 100, inf);
  usage.add(Clock::WallTime(-std::chrono::days(3)), 0.5, 100, 2000);  // before 1970
  EXPECT_EQ(usage.samples(at(kDay)), 1u);
  EXPECT_DOUBLE_EQ(usage.memoryPercentile(at(kDay), 1.0).value(), 0.105 * 1000);
}

TEST(UsageDistributionTest, SerializesSparselyByDay) {
  UsageDistribution usage;
  usage.add(at(kDay + 1), 0.03, 0.70 * kTotal, kTotal);
  usage.add(at(kDay + 1), 0.04, 0.70 * kTotal, kTotal);
  usage.add(at(kDay + 1), 0.04, 0.70 * kTotal, kTotal);
  usage.add(at(kDay), 0.5, kTotal, kTotal);
  EXPECT_EQ(usage.serialize(),
            "unyo-usage-distribution 1\n"
            "memory_total_bytes 16777216000\n"
            "day 20423 cpu 50:1 memory 199:1\n"
            "day 20424 cpu 3:1 4:2 memory 140:3\n");
  EXPECT_EQ(UsageDistribution().serialize(),
            "unyo-usage-distribution 1\n"
            "memory_total_bytes 0\n");
}

TEST(UsageDistributionTest, RoundTripsExactly) {
  UsageDistribution usage;
  for (int day = 0; day < 9; ++day) {
    for (int i = 0; i <= day * 13; ++i) {
      usage.add(at(kDay + day, std::chrono::seconds(i)), (i % 37) / 36.0, (i % 11) * 1e9,
                12345678901.5);
    }
  }
  const std::string text = usage.serialize();
  const auto parsed = UsageDistribution::parse(text);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->serialize(), text);
  const auto now = at(kDay + 8);
  EXPECT_EQ(parsed->samples(now), usage.samples(now));
  EXPECT_EQ(parsed->cpuPercentile(now, 0.95), usage.cpuPercentile(now, 0.95));
  EXPECT_EQ(parsed->memoryPercentile(now, 0.95), usage.memoryPercentile(now, 0.95));
}

TEST(UsageDistributionTest, ParseAcceptsAMissingFinalNewlineAndNoDays) {
  const auto parsed = UsageDistribution::parse(
      "unyo-usage-distribution 1\nmemory_total_bytes 1000\nday 20423 cpu 7:2 memory 10:2");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->samples(at(kDay)), 2u);
  EXPECT_DOUBLE_EQ(parsed->memoryPercentile(at(kDay), 0.95).value(), 55);
  EXPECT_TRUE(UsageDistribution::parse("unyo-usage-distribution 1\nmemory_total_bytes 0\n"));
}

struct Malformed {
  std::string body;  // after the two header lines, unless it starts with "!"
  std::string error;
};

TEST(UsageDistributionTest, ParseRejectsMalformedText) {
  const std::string head = "unyo-usage-distribution 1\nmemory_total_bytes 1000\n";
  const std::vector<Malformed> cases = {
      {"!", "line 1: expected 'unyo-usage-distribution 1'"},
      {"!unyo-usage 1\n", "line 1: expected 'unyo-usage-distribution 1'"},
      {"!unyo-usage-distribution one\n", "line 1: expected 'unyo-usage-distribution 1'"},
      {"!unyo-usage-distribution 2\nmemory_total_bytes 1\n", "line 1: unsupported version 2"},
      {"!unyo-usage-distribution 1\n", "line 2: expected 'memory_total_bytes BYTES'"},
      {"!unyo-usage-distribution 1\nmemory_total_bytes -5\n",
       "line 2: expected 'memory_total_bytes BYTES'"},
      {"!unyo-usage-distribution 1\nmemory_total_bytes 12x\n",
       "line 2: expected 'memory_total_bytes BYTES'"},
      {"!unyo-usage-distribution 1\nmemory_total_bytes nan\n",
       "line 2: expected 'memory_total_bytes BYTES'"},
      {"hello\n", "line 3: expected 'day DAY cpu BUCKET:COUNT... memory BUCKET:COUNT...'"},
      {"day 1 cpu 1:1\n", "line 3: expected 'day DAY cpu BUCKET:COUNT... memory BUCKET:COUNT...'"},
      {"day memory cpu 1:1\n",
       "line 3: expected 'day DAY cpu BUCKET:COUNT... memory BUCKET:COUNT...'"},
      {"day x cpu 1:1 memory 1:1\n", "line 3: bad day number 'x'"},
      {"day -4 cpu 1:1 memory 1:1\n", "line 3: bad day number '-4'"},
      {"day 5 cpu 100:1 memory 1:1\n", "line 3: cpu bucket 100 out of range 0..99"},
      {"day 5 cpu -1:1 memory 1:1\n", "line 3: cpu bucket -1 out of range 0..99"},
      {"day 5 cpu 1:1 memory 200:1\n", "line 3: memory bucket 200 out of range 0..199"},
      {"day 5 cpu 1:x memory 1:1\n", "line 3: cpu: expected BUCKET:COUNT, got '1:x'"},
      {"day 5 cpu 1:4294967296 memory 1:1\n",
       "line 3: cpu: expected BUCKET:COUNT, got '1:4294967296'"},
      {"day 5 cpu 1:1 memory 1:1 trailing\n",
       "line 3: memory: expected BUCKET:COUNT, got 'trailing'"},
      {"day 5 cpu 2:1 1:1 memory 1:2\n", "line 3: cpu bucket 1 repeated or out of order"},
      {"day 5 cpu 1:1 memory 1:1 1:1\n", "line 3: memory bucket 1 repeated or out of order"},
      {"day 5 cpu 1:0 memory 1:0\n", "line 3: cpu bucket 1 is 0"},
      {"day 5 cpu memory\n", "line 3: day 5 has no samples"},
      {"day 5 cpu 1:2 memory 1:1\n", "line 3: cpu and memory sample counts differ (2 vs 1)"},
      {"day 5 cpu 1:1 memory 1:1\nday 5 cpu 2:1 memory 2:1\n", "line 4: duplicate day 5"},
      {"day 5 cpu 1:1 memory 1:1\nday 12 cpu 2:1 memory 2:1\n",
       "line 4: day 12 shares a slot with day 5 (a multiple of 7 days apart)"},
      {"day 5 cpu 1:1 memory 1:1\n\n",
       "line 4: expected 'day DAY cpu BUCKET:COUNT... memory BUCKET:COUNT...'"},
  };
  for (const auto& c : cases) {
    const std::string text = c.body.starts_with('!') ? c.body.substr(1) : head + c.body;
    const auto parsed = UsageDistribution::parse(text);
    ASSERT_FALSE(parsed) << text;
    EXPECT_EQ(parsed.error().message, c.error) << text;
  }
}

}  // namespace
}  // namespace unyo::agent
