#include "collectors/netdev_collector.h"

#include "collector_test_support.h"

namespace unyo::collectors {
namespace {

using testing::collectOnce;
using testing::sampleCount;
using testing::sampleOf;
using testing::ScratchTree;
using testing::TestContext;
using testing::valueOf;

constexpr std::string_view kHeader =
    "Inter-|   Receive                            |  Transmit\n"
    " face |bytes    packets errs drop|bytes    packets errs drop\n";

TEST(NetdevCollectorTest, ColumnsComeFromTheHeader) {
  // Device names are views into the text: keep it alive.
  const std::string text = std::string(kHeader) + "  eth0: 10 2 0 1 20 3 0 0\n";
  const auto stats = parseNetDev(text);
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(stats->columns,
            (std::vector<std::string>{"receive_bytes", "receive_packets", "receive_errs",
                                      "receive_drop", "transmit_bytes", "transmit_packets",
                                      "transmit_errs", "transmit_drop"}));
  ASSERT_EQ(stats->devices.size(), 1u);
  EXPECT_EQ(stats->devices[0].name, "eth0");
  EXPECT_EQ(stats->devices[0].values[4], 20);
}

TEST(NetdevCollectorTest, ANonNumberLeavesOnlyThatValueOut) {
  const std::string text = std::string(kHeader) + "eth0: 10 x 0 1 20 3 0 0\n";
  const auto stats = parseNetDev(text);
  ASSERT_TRUE(stats);
  EXPECT_FALSE(stats->devices[0].values[1]);
  EXPECT_EQ(stats->devices[0].values[0], 10);
}

TEST(NetdevCollectorTest, RejectsBrokenLayouts) {
  EXPECT_FALSE(parseNetDev(""));
  EXPECT_FALSE(parseNetDev("Inter-|\n face bytes\n"));
  EXPECT_FALSE(parseNetDev(std::string(kHeader) + "eth0: 1 2 3\n"));
  EXPECT_FALSE(parseNetDev(std::string(kHeader) + "eth0: 1 2 3 4 5 6 7 8 9\n"));
  EXPECT_FALSE(parseNetDev(std::string(kHeader) + "eth0 1 2 3 4 5 6 7 8\n"));
}

TEST(NetdevCollectorTest, ExportsEveryInterfaceAndColumn) {
  TestContext t;
  const Families f = collectOnce(*makeNetdevCollector(t.context()));
  EXPECT_EQ(f.size(), 16u);
  const Labels eth0 = {{"device", "eth0"}};
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_network_receive_bytes_total", eth0), 9876543210.0);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_network_receive_packets_total", eth0), 8123456);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_network_receive_errs_total", eth0), 3);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_network_receive_drop_total", eth0), 12);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_network_receive_frame_total", eth0), 1);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_network_receive_multicast_total", eth0), 42310);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_network_transmit_bytes_total", eth0), 1234567890);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_network_transmit_packets_total", eth0), 5432109);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_network_transmit_colls_total", eth0), 0);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_network_receive_bytes_total", {{"device", "lo"}}), 81243920);
  const auto* bytes = findFamily(f, "node_network_receive_bytes_total");
  EXPECT_EQ(bytes->type, prometheus::MetricType::Counter);
  EXPECT_EQ(bytes->help, "Network device statistic receive_bytes.");
}

TEST(NetdevCollectorTest, ExcludeDevices) {
  TestContext t;
  t.options.netdev.excludeDevices = "^lo$";
  const Families f = collectOnce(*makeNetdevCollector(t.context()));
  EXPECT_EQ(sampleCount(f, "node_network_receive_bytes_total"), 1u);
  EXPECT_FALSE(valueOf(f, "node_network_receive_bytes_total", {{"device", "lo"}}));
}

TEST(NetdevCollectorTest, MissingFileFails) {
  ScratchTree tree;
  TestContext t;
  t.options.paths.procfs = tree.root();
  Families out;
  EXPECT_FALSE(makeNetdevCollector(t.context())->collect(out));
}

}  // namespace
}  // namespace unyo::collectors
