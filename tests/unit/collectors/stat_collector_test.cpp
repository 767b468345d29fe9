#include "collectors/stat_collector.h"

#include "collector_test_support.h"

namespace unyo::collectors {
namespace {

using testing::collectOnce;
using testing::sampleOf;
using testing::ScratchTree;
using testing::TestContext;
using testing::valueOf;

TEST(StatCollectorTest, ParsesTheKernelWideLines) {
  const auto stat = parseProcStat(
      "cpu  1 2 3 4\n"
      "intr 500 1 2 3\n"
      "ctxt 42\n"
      "btime 1774224000\n"
      "processes 77\n"
      "procs_running 3\n"
      "procs_blocked 1\n"
      "softirq 9 9 9\n");
  ASSERT_TRUE(stat) << stat.error().message;
  EXPECT_DOUBLE_EQ(stat->interrupts, 500);
  EXPECT_DOUBLE_EQ(stat->contextSwitches, 42);
  EXPECT_DOUBLE_EQ(stat->bootTime, 1774224000);
  EXPECT_DOUBLE_EQ(stat->forks, 77);
  EXPECT_DOUBLE_EQ(stat->procsRunning, 3);
  EXPECT_DOUBLE_EQ(stat->procsBlocked, 1);
}

TEST(StatCollectorTest, AbsentLinesAreZeroAndBrokenOnesAnError) {
  const auto sparse = parseProcStat("ctxt 5\n");
  ASSERT_TRUE(sparse);
  EXPECT_DOUBLE_EQ(sparse->bootTime, 0);
  EXPECT_FALSE(parseProcStat("ctxt many\n"));
  EXPECT_FALSE(parseProcStat("btime\n"));
}

TEST(StatCollectorTest, ExportsNodeExporterNamesAndTypes) {
  TestContext t;
  const Families f = collectOnce(*makeStatCollector(t.context()));
  ASSERT_EQ(f.size(), 6u);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_boot_time_seconds"), 1774224000);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_context_switches_total"), 912837465);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_forks_total"), 2381944);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_intr_total"), 48632901);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_procs_running"), 3);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_procs_blocked"), 1);
  EXPECT_EQ(findFamily(f, "node_boot_time_seconds")->type, prometheus::MetricType::Gauge);
  EXPECT_EQ(findFamily(f, "node_boot_time_seconds")->help, "Node boot time, in unixtime.");
  EXPECT_EQ(findFamily(f, "node_intr_total")->type, prometheus::MetricType::Counter);
  EXPECT_EQ(findFamily(f, "node_procs_blocked")->help,
            "Number of processes blocked waiting for I/O to complete.");
}

TEST(StatCollectorTest, MissingFileFails) {
  ScratchTree tree;
  TestContext t;
  t.options.paths.procfs = tree.root();
  Families out;
  EXPECT_FALSE(makeStatCollector(t.context())->collect(out));
}

}  // namespace
}  // namespace unyo::collectors
