#include "collectors/loadavg_collector.h"

#include "collector_test_support.h"

namespace unyo::collectors {
namespace {

using testing::collectOnce;
using testing::sampleOf;
using testing::ScratchTree;
using testing::TestContext;
using testing::valueOf;

TEST(LoadavgCollectorTest, ParsesTheThreeAverages) {
  const auto load = parseLoadavg("0.52 0.38 0.27 3/412 2381944\n");
  ASSERT_TRUE(load) << load.error().message;
  EXPECT_DOUBLE_EQ(load->load1, 0.52);
  EXPECT_DOUBLE_EQ(load->load5, 0.38);
  EXPECT_DOUBLE_EQ(load->load15, 0.27);
}

TEST(LoadavgCollectorTest, RejectsShortOrGarbageText) {
  EXPECT_FALSE(parseLoadavg(""));
  EXPECT_FALSE(parseLoadavg("0.1 0.2\n"));
  EXPECT_FALSE(parseLoadavg("0.1 zero 0.3 1/2 3\n"));
}

TEST(LoadavgCollectorTest, ExportsNodeLoadGauges) {
  TestContext t;
  auto collector = makeLoadavgCollector(t.context());
  const Families f = collectOnce(*collector);
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].name, "node_load1");
  EXPECT_EQ(f[0].help, "1m load average.");
  EXPECT_EQ(f[0].type, prometheus::MetricType::Gauge);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_load1"), 0.52);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_load5"), 0.38);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_load15"), 0.27);
  EXPECT_EQ(f[2].help, "15m load average.");
}

TEST(LoadavgCollectorTest, MissingFileFails) {
  ScratchTree tree;
  TestContext t;
  t.options.paths.procfs = tree.root();
  Families out;
  EXPECT_FALSE(makeLoadavgCollector(t.context())->collect(out));
}

}  // namespace
}  // namespace unyo::collectors
