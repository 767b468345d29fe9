#include "collectors/pressure_collector.h"

#include "collector_test_support.h"

namespace unyo::collectors {
namespace {

using testing::collectOnce;
using testing::sampleOf;
using testing::ScratchTree;
using testing::TestContext;
using testing::valueOf;

TEST(PressureCollectorTest, ParsesSomeAndFullTotals) {
  const auto totals = parsePressure(
      "some avg10=1.53 avg60=0.87 avg300=0.44 total=61728394\n"
      "full avg10=0.00 avg60=0.00 avg300=0.00 total=12\n");
  ASSERT_TRUE(totals) << totals.error().message;
  EXPECT_DOUBLE_EQ(totals->someMicros, 61728394);
  EXPECT_EQ(totals->fullMicros, 12);
}

TEST(PressureCollectorTest, CpuOfOlderKernelsHasNoFullLine) {
  const auto totals = parsePressure("some avg10=0.00 avg60=0.00 avg300=0.00 total=5\n");
  ASSERT_TRUE(totals);
  EXPECT_FALSE(totals->fullMicros);
}

TEST(PressureCollectorTest, RejectsGarbage) {
  EXPECT_FALSE(parsePressure(""));
  EXPECT_FALSE(parsePressure("some avg10=0.00\n"));
  EXPECT_FALSE(parsePressure("some total=abc\n"));
  EXPECT_FALSE(parsePressure("most total=1\n"));
}

TEST(PressureCollectorTest, ExportsSecondsWithNodeExporterNames) {
  TestContext t;
  const Families f = collectOnce(*makePressureCollector(t.context()));
  ASSERT_EQ(f.size(), 5u);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_pressure_cpu_waiting_seconds_total"), 61.728394);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_pressure_io_waiting_seconds_total"), 23.456789);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_pressure_io_stalled_seconds_total"), 19.876543);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_pressure_memory_waiting_seconds_total"), 1.234567);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_pressure_memory_stalled_seconds_total"), 0.987654);
  EXPECT_EQ(f[0].type, prometheus::MetricType::Counter);
  EXPECT_EQ(f[0].help, "Total time in seconds that processes have waited for CPU time");
}

TEST(PressureCollectorTest, MissingPsiSaysWhy) {
  ScratchTree tree;
  TestContext t;
  t.options.paths.procfs = tree.root();
  Families out;
  const auto result = makePressureCollector(t.context())->collect(out);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("pressure stall information not available"),
            std::string::npos);
  EXPECT_NE(result.error().message.find("CONFIG_PSI"), std::string::npos);
}

}  // namespace
}  // namespace unyo::collectors
