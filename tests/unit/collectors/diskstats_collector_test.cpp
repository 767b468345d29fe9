#include "collectors/diskstats_collector.h"

#include "collector_test_support.h"

namespace unyo::collectors {
namespace {

using testing::collectOnce;
using testing::sampleCount;
using testing::sampleOf;
using testing::ScratchTree;
using testing::TestContext;
using testing::valueOf;

TEST(DiskstatsCollectorTest, ParsesEveryColumnTheKernelPrints) {
  const auto disks = parseDiskstats(
      " 253  0 vda 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n"
      "   8  0 sda 1 2 3 4 5 6 7 8 9 10 11\n");
  ASSERT_TRUE(disks) << disks.error().message;
  ASSERT_EQ(disks->size(), 2u);
  EXPECT_EQ((*disks)[0].device, "vda");
  EXPECT_EQ((*disks)[0].columns, 17u);
  EXPECT_DOUBLE_EQ((*disks)[0].values[16], 17);
  EXPECT_EQ((*disks)[1].device, "sda");
  EXPECT_EQ((*disks)[1].columns, 11u);  // before Linux 4.18: no discard or flush columns
}

TEST(DiskstatsCollectorTest, RejectsShortAndGarbageLines) {
  EXPECT_FALSE(parseDiskstats("253 0 vda 1 2 3\n"));
  EXPECT_FALSE(parseDiskstats("253 0 vda 1 2 3 4 5 6 7 8 9 10 eleven\n"));
}

TEST(DiskstatsCollectorTest, ExportsWholeDisksInNodeExporterUnits) {
  TestContext t;
  const Families f = collectOnce(*makeDiskstatsCollector(t.context()));
  EXPECT_EQ(f.size(), 17u);
  // Default exclusions drop loop devices and partitions (vda1, vda2, nvme0n1p1).
  EXPECT_EQ(sampleCount(f, "node_disk_reads_completed_total"), 4u);
  const Labels vda = {{"device", "vda"}};
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_disk_reads_completed_total", vda), 412398);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_disk_reads_merged_total", vda), 81237);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_disk_read_bytes_total", vda), 25413862.0 * 512);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_disk_read_time_seconds_total", vda), 198.231);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_disk_written_bytes_total", vda), 61039276.0 * 512);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_disk_write_time_seconds_total", vda), 2719.843);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_disk_io_time_seconds_total", vda), 1823.41);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_disk_io_time_weighted_seconds_total", vda), 3037.516);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_disk_discards_completed_total", vda), 50213);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_disk_discarded_sectors_total", vda), 41238912);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_disk_discard_time_seconds_total", vda), 6.12);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_disk_flush_requests_total", vda), 201448);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_disk_flush_requests_time_seconds_total", vda), 113.322);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_disk_io_now", {{"device", "vdb"}}), 2);
  EXPECT_TRUE(valueOf(f, "node_disk_reads_completed_total", {{"device", "dm-0"}}));
  EXPECT_TRUE(valueOf(f, "node_disk_reads_completed_total", {{"device", "nvme0n1"}}));
  EXPECT_FALSE(valueOf(f, "node_disk_reads_completed_total", {{"device", "vda1"}}));
  EXPECT_FALSE(valueOf(f, "node_disk_reads_completed_total", {{"device", "nvme0n1p1"}}));
  EXPECT_FALSE(valueOf(f, "node_disk_reads_completed_total", {{"device", "loop0"}}));

  const auto* ioNow = findFamily(f, "node_disk_io_now");
  EXPECT_EQ(ioNow->type, prometheus::MetricType::Gauge);
  EXPECT_EQ(ioNow->help, "The number of I/Os currently in progress.");
  EXPECT_EQ(findFamily(f, "node_disk_read_bytes_total")->type, prometheus::MetricType::Counter);
}

TEST(DiskstatsCollectorTest, EmptyExcludeKeepsEveryDevice) {
  TestContext t;
  t.options.diskstats.excludeDevices = "";
  const Families f = collectOnce(*makeDiskstatsCollector(t.context()));
  EXPECT_EQ(sampleCount(f, "node_disk_reads_completed_total"), 9u);
}

TEST(DiskstatsCollectorTest, OldKernelsGetOnlyTheirColumns) {
  ScratchTree tree;
  tree.write("diskstats", "8 0 sda 1 2 3 4 5 6 7 8 9 10 11\n");
  TestContext t;
  t.options.paths.procfs = tree.root();
  const Families f = collectOnce(*makeDiskstatsCollector(t.context()));
  EXPECT_EQ(f.size(), 11u);
  EXPECT_FALSE(findFamily(f, "node_disk_discards_completed_total"));
}

TEST(DiskstatsCollectorTest, InvalidExcludePatternFailsEveryCollect) {
  TestContext t;
  t.options.diskstats.excludeDevices = "([unclosed";
  auto collector = makeDiskstatsCollector(t.context());
  Families out;
  const auto result = collector->collect(out);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("exclude_devices"), std::string::npos);
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace unyo::collectors
