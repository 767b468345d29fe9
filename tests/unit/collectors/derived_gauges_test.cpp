#include "collectors/derived_gauges.h"

#include <gtest/gtest.h>

namespace unyo::collectors {
namespace {

Families cpuFamilies(double user, double idle, double iowait) {
  auto cpu = counterFamily("node_cpu_seconds_total", "");
  addSample(cpu, user, {{"cpu", "0"}, {"mode", "user"}});
  addSample(cpu, idle, {{"cpu", "0"}, {"mode", "idle"}});
  addSample(cpu, iowait, {{"cpu", "0"}, {"mode", "iowait"}});
  return {cpu};
}

double gauge(const Families& f, std::string_view name, std::size_t index = 0) {
  const auto* family = findFamily(f, name);
  if (!family || family->metric.size() <= index) return -1;
  return family->metric[index].gauge.value;
}

TEST(DerivedGaugesTest, CpuUtilizationIsSinceBootOnFirstSampleThenSincePrevious) {
  DerivedGauges derived;
  Families first = cpuFamilies(30, 60, 10);
  derived.append(first);
  EXPECT_DOUBLE_EQ(gauge(first, "unyo_cpu_utilization_ratio"), 0.3);

  Families second = cpuFamilies(30 + 9, 60 + 1, 10);  // 9 of 10 new seconds busy
  derived.append(second);
  EXPECT_DOUBLE_EQ(gauge(second, "unyo_cpu_utilization_ratio"), 0.9);
}

TEST(DerivedGaugesTest, CpuCountersGoingBackwardsFallBackToSinceBoot) {
  DerivedGauges derived;
  Families first = cpuFamilies(300, 600, 100);
  derived.append(first);
  Families afterReboot = cpuFamilies(1, 3, 0);
  derived.append(afterReboot);
  EXPECT_DOUBLE_EQ(gauge(afterReboot, "unyo_cpu_utilization_ratio"), 0.25);
}

TEST(DerivedGaugesTest, MemoryUsedRatio) {
  Families f = {gaugeFamily("node_memory_MemTotal_bytes", ""),
                gaugeFamily("node_memory_MemAvailable_bytes", "")};
  addSample(f[0], 1000);
  addSample(f[1], 250);
  DerivedGauges().append(f);
  EXPECT_DOUBLE_EQ(gauge(f, "unyo_memory_used_ratio"), 0.75);
}

TEST(DerivedGaugesTest, FilesystemUsedRatioMatchesDfAndKeepsLabels) {
  Families f = {gaugeFamily("node_filesystem_size_bytes", ""),
                gaugeFamily("node_filesystem_free_bytes", ""),
                gaugeFamily("node_filesystem_avail_bytes", "")};
  const Labels root = {{"device", "/dev/vda1"}, {"fstype", "ext4"}, {"mountpoint", "/"}};
  const Labels empty = {{"device", "none"}, {"fstype", "ext4"}, {"mountpoint", "/empty"}};
  // size 100, free 30, avail 20 (10 reserved for root): used 70, df shows 70/90.
  addSample(f[0], 100, root);
  addSample(f[1], 30, root);
  addSample(f[2], 20, root);
  for (auto& family : f) addSample(family, 0, empty);
  DerivedGauges().append(f);
  const auto* used = findFamily(f, "unyo_filesystem_used_ratio");
  ASSERT_NE(used, nullptr);
  ASSERT_EQ(used->metric.size(), 1u);  // a zero-size filesystem has no ratio
  EXPECT_DOUBLE_EQ(used->metric[0].gauge.value, 70.0 / 90.0);
  EXPECT_EQ(used->metric[0].label, root);
}

TEST(DerivedGaugesTest, NothingDerivedWithoutInputs) {
  Families f;
  DerivedGauges().append(f);
  EXPECT_TRUE(f.empty());
}

}  // namespace
}  // namespace unyo::collectors
