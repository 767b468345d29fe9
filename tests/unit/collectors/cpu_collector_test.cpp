#include "collectors/cpu_collector.h"

#include "collector_test_support.h"

namespace unyo::collectors {
namespace {

using testing::collectOnce;
using testing::sampleOf;
using testing::ScratchTree;
using testing::TestContext;
using testing::valueOf;

TEST(CpuCollectorTest, ParsesPerCpuLinesInSecondsAndSkipsTheTotal) {
  const auto cpus = parseCpuTimes(
      "cpu  300 0 0 0 0 0 0 0 0 0\n"
      "cpu0 100 1 2 3 4 5 6 7 8 9\n"
      "cpu2 250 0 0 0 0 0 0 0 0 0\n"
      "intr 1 2 3\n");
  ASSERT_TRUE(cpus) << cpus.error().message;
  ASSERT_EQ(cpus->size(), 2u);
  EXPECT_EQ((*cpus)[0].cpu, 0);
  EXPECT_DOUBLE_EQ((*cpus)[0].seconds[0], 1.0);   // user
  EXPECT_DOUBLE_EQ((*cpus)[0].seconds[9], 0.09);  // guest_nice
  EXPECT_EQ((*cpus)[1].cpu, 2);                   // an offline cpu1 leaves a gap, not a zero row
  EXPECT_DOUBLE_EQ((*cpus)[1].seconds[0], 2.5);
}

TEST(CpuCollectorTest, ColumnsAnOldKernelLacksAreZero) {
  const auto cpus = parseCpuTimes("cpu0 100 200 300 400\n");
  ASSERT_TRUE(cpus) << cpus.error().message;
  EXPECT_DOUBLE_EQ((*cpus)[0].seconds[3], 4.0);  // idle
  EXPECT_DOUBLE_EQ((*cpus)[0].seconds[7], 0.0);  // steal
}

TEST(CpuCollectorTest, GarbageIsAnErrorNotACrash) {
  EXPECT_FALSE(parseCpuTimes("cpu0 12 x 3\n"));
  EXPECT_FALSE(parseCpuTimes("cpu0\n"));
  EXPECT_FALSE(parseCpuTimes("cpu0x 1 2 3\n"));
  EXPECT_FALSE(parseCpuTimes("cpu0 -1 2 3\n"));
}

TEST(CpuCollectorTest, ExportsEveryModeOfTheFixtureLikeNodeExporter) {
  TestContext t;
  auto collector = makeCpuCollector(t.context());
  const Families f = collectOnce(*collector);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].name, "node_cpu_seconds_total");
  EXPECT_EQ(f[0].help, "Seconds the CPUs spent in each mode.");
  EXPECT_EQ(f[0].type, prometheus::MetricType::Counter);
  EXPECT_EQ(f[0].metric.size(), 4u * 8u);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_cpu_seconds_total", {{"cpu", "0"}, {"mode", "user"}}),
                   4021.10);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_cpu_seconds_total", {{"cpu", "3"}, {"mode", "idle"}}),
                   90548.94);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_cpu_seconds_total", {{"cpu", "1"}, {"mode", "softirq"}}),
                   21.50);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_cpu_seconds_total", {{"cpu", "2"}, {"mode", "steal"}}), 22.51);

  EXPECT_EQ(f[1].name, "node_cpu_guest_seconds_total");
  EXPECT_EQ(f[1].help, "Seconds the CPUs spent in guests (VMs) for each mode.");
  EXPECT_EQ(f[1].metric.size(), 4u * 2u);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_cpu_guest_seconds_total", {{"cpu", "0"}, {"mode", "user"}}),
                   406.0);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_cpu_guest_seconds_total", {{"cpu", "1"}, {"mode", "nice"}}),
                   2.56);
}

TEST(CpuCollectorTest, CountersNeverGoBackwardsButAHotplugStartsOver) {
  ScratchTree tree;
  TestContext t;
  t.options.paths.procfs = tree.root();
  auto collector = makeCpuCollector(t.context());
  const Labels user = {{"cpu", "0"}, {"mode", "user"}};

  tree.write("stat", "cpu0 1000 0 0 50000 0 0 0 0 0 0\n");
  EXPECT_DOUBLE_EQ(sampleOf(collectOnce(*collector), "node_cpu_seconds_total", user), 10.0);

  // A jitter back (seen on some hypervisors) keeps the previous value.
  tree.write("stat", "cpu0 990 0 0 50001 0 0 0 0 0 0\n");
  EXPECT_DOUBLE_EQ(sampleOf(collectOnce(*collector), "node_cpu_seconds_total", user), 10.0);

  // Idle 5 s back: the CPU was unplugged and came back with fresh counters.
  tree.write("stat", "cpu0 20 0 0 49500 0 0 0 0 0 0\n");
  EXPECT_DOUBLE_EQ(sampleOf(collectOnce(*collector), "node_cpu_seconds_total", user), 0.2);
}

TEST(CpuCollectorTest, MissingOrBrokenStatFailsTheCollector) {
  ScratchTree tree;
  TestContext t;
  t.options.paths.procfs = tree.root();
  auto collector = makeCpuCollector(t.context());
  Families out;
  EXPECT_FALSE(collector->collect(out));
  tree.write("stat", "cpu0 1 2 three\n");
  const auto result = collector->collect(out);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("stat"), std::string::npos);
}

}  // namespace
}  // namespace unyo::collectors
