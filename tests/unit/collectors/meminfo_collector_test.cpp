#include "collectors/meminfo_collector.h"

#include "collector_test_support.h"

namespace unyo::collectors {
namespace {

using testing::collectOnce;
using testing::sampleOf;
using testing::ScratchTree;
using testing::TestContext;
using testing::valueOf;

TEST(MeminfoCollectorTest, NamesFieldsLikeNodeExporter) {
  const auto fields = parseMeminfo(
      "MemTotal:        4006856 kB\n"
      "Active(anon):     789012 kB\n"
      "HugePages_Total:      16\n"
      "\n");
  ASSERT_TRUE(fields) << fields.error().message;
  ASSERT_EQ(fields->size(), 3u);
  EXPECT_EQ((*fields)[0].name, "MemTotal_bytes");
  EXPECT_DOUBLE_EQ((*fields)[0].value, 4006856.0 * 1024);
  EXPECT_EQ((*fields)[1].name, "Active_anon_bytes");
  EXPECT_EQ((*fields)[2].name, "HugePages_Total");  // no unit: no _bytes, no scaling
  EXPECT_DOUBLE_EQ((*fields)[2].value, 16);
}

TEST(MeminfoCollectorTest, RejectsGarbageLines) {
  EXPECT_FALSE(parseMeminfo("MemTotal: lots kB\n"));
  EXPECT_FALSE(parseMeminfo("MemTotal:\n"));
  EXPECT_FALSE(parseMeminfo("MemTotal: 1 kB extra\n"));
  EXPECT_FALSE(parseMeminfo("MemTotal 1 kB\n"));
}

TEST(MeminfoCollectorTest, ExportsEveryLineOfTheFixture) {
  TestContext t;
  auto collector = makeMeminfoCollector(t.context());
  const Families f = collectOnce(*collector);
  EXPECT_EQ(f.size(), 54u);  // one family per line
  EXPECT_EQ(f[0].name, "node_memory_MemTotal_bytes");
  EXPECT_EQ(f[0].help, "Memory information field MemTotal_bytes.");
  EXPECT_EQ(f[0].type, prometheus::MetricType::Gauge);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_memory_MemTotal_bytes"), 4006856.0 * 1024);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_memory_MemAvailable_bytes"), 2489152.0 * 1024);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_memory_Inactive_file_bytes"), 1302560.0 * 1024);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_memory_VmallocTotal_bytes"), 34359738367.0 * 1024);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_memory_HugePages_Free"), 12);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_memory_Hugepagesize_bytes"), 2048.0 * 1024);
}

TEST(MeminfoCollectorTest, BrokenFileFails) {
  ScratchTree tree;
  TestContext t;
  t.options.paths.procfs = tree.root();
  auto collector = makeMeminfoCollector(t.context());
  Families out;
  EXPECT_FALSE(collector->collect(out));
  tree.write("meminfo", "MemTotal: 12 kB\nMemFree: ?? kB\n");
  EXPECT_FALSE(collector->collect(out));
}

}  // namespace
}  // namespace unyo::collectors
