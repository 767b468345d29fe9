#include "collectors/process_metrics.h"

#include <unistd.h>

#include "collector_test_support.h"

namespace unyo::collectors {
namespace {

using testing::fixturesDir;
using testing::sampleOf;
using testing::valueOf;

TEST(ProcessMetricsTest, ParsesStatPastACommandWithSpacesAndParentheses) {
  const auto stat = parseProcSelfStat(
      "4242 (un yo) (x)) S 1 4242 4242 0 -1 4194560 18210 0 12 0 1530 420 0 0 20 0 7 0 812345 "
      "412381184 6144 18446744073709551615 1 1 0\n");
  ASSERT_TRUE(stat) << stat.error().message;
  EXPECT_DOUBLE_EQ(stat->userTicks, 1530);
  EXPECT_DOUBLE_EQ(stat->systemTicks, 420);
  EXPECT_DOUBLE_EQ(stat->startTicks, 812345);
  EXPECT_DOUBLE_EQ(stat->virtualBytes, 412381184);
  EXPECT_DOUBLE_EQ(stat->residentPages, 6144);
}

TEST(ProcessMetricsTest, RejectsTruncatedStat) {
  EXPECT_FALSE(parseProcSelfStat("4242 (unyo) S 1 2 3\n"));
  EXPECT_FALSE(parseProcSelfStat("garbage"));
}

TEST(ProcessMetricsTest, ParsesSoftLimitsAndUnlimited) {
  const ProcessLimits limits = parseProcessLimits(
      "Limit                     Soft Limit           Hard Limit           Units     \n"
      "Max open files            65536                524288               files     \n"
      "Max address space         unlimited            unlimited            bytes     \n");
  EXPECT_EQ(limits.maxOpenFiles, 65536);
  EXPECT_EQ(limits.maxAddressSpace, 18446744073709551615.0);
}

TEST(ProcessMetricsTest, FixtureGivesClientGolangNamesAndValues) {
  const Families f = ProcessMetrics(fixturesDir() / "proc").collect();
  EXPECT_EQ(f.size(), 7u);
  EXPECT_DOUBLE_EQ(sampleOf(f, "process_cpu_seconds_total"), (1530.0 + 420.0) / 100);
  EXPECT_EQ(findFamily(f, "process_cpu_seconds_total")->type, prometheus::MetricType::Counter);
  EXPECT_EQ(findFamily(f, "process_cpu_seconds_total")->help,
            "Total user and system CPU time spent in seconds.");
  EXPECT_DOUBLE_EQ(sampleOf(f, "process_max_fds"), 65536);
  EXPECT_DOUBLE_EQ(sampleOf(f, "process_open_fds"), 6);
  EXPECT_DOUBLE_EQ(sampleOf(f, "process_virtual_memory_bytes"), 412381184);
  EXPECT_DOUBLE_EQ(sampleOf(f, "process_virtual_memory_max_bytes"), 18446744073709551615.0);
  EXPECT_DOUBLE_EQ(sampleOf(f, "process_resident_memory_bytes"),
                   6144.0 * static_cast<double>(::sysconf(_SC_PAGESIZE)));
  EXPECT_DOUBLE_EQ(sampleOf(f, "process_start_time_seconds"), 1774224000 + 8123.45);
  EXPECT_EQ(findFamily(f, "process_start_time_seconds")->help,
            "Start time of the process since unix epoch in seconds.");
}

TEST(ProcessMetricsTest, TheRealProcessHasEveryMetric) {
  const Families f = ProcessMetrics().collect();
  EXPECT_EQ(f.size(), 7u);
  EXPECT_GT(sampleOf(f, "process_open_fds"), 2);
  EXPECT_GT(sampleOf(f, "process_resident_memory_bytes"), 0);
}

TEST(ProcessMetricsTest, UnreadableSourcesLeaveFamiliesOutInsteadOfFailing) {
  EXPECT_TRUE(ProcessMetrics("/nonexistent-procfs").collect().empty());
}

}  // namespace
}  // namespace unyo::collectors
