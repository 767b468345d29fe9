#include "exporter/connection_registry.h"

#include <gtest/gtest.h>

namespace unyo::exporter {
namespace {

TEST(ConnectionRegistryTest, EvictsTheLeastRecentlyActiveIdleConnection) {
  ConnectionRegistry registry;
  const auto first = registry.add("a");
  const auto second = registry.add("b");
  const auto third = registry.add("c");
  registry.beginRequest(first);
  registry.endRequest(first);  // first is active again: second is now the oldest
  EXPECT_EQ(registry.evictionCandidate(), second);
  (void)third;
}

TEST(ConnectionRegistryTest, PrefersIdleOverBusyEvenWhenBusyIsOlder) {
  ConnectionRegistry registry;
  const auto busy = registry.add("a");
  const auto idle = registry.add("b");
  registry.beginRequest(busy);
  registry.beginRequest(idle);
  registry.endRequest(idle);  // idle was active after busy started
  EXPECT_EQ(registry.evictionCandidate(), idle);
}

TEST(ConnectionRegistryTest, WhenAllAreBusyEvictsTheLeastRecentlyActive) {
  ConnectionRegistry registry;
  const auto first = registry.add("a");
  const auto second = registry.add("b");
  registry.beginRequest(second);
  registry.beginRequest(first);
  EXPECT_EQ(registry.evictionCandidate(), second);
}

TEST(ConnectionRegistryTest, EvictOneClosesAndForgets) {
  ConnectionRegistry registry;
  int closed = 0;
  const auto first = registry.add("10.0.0.1:5000");
  ASSERT_TRUE(registry.attach(first, [&closed] { ++closed; }));
  registry.add("10.0.0.2:5000");

  const auto evicted = registry.evictOne();
  ASSERT_TRUE(evicted.has_value());
  EXPECT_EQ(evicted->remoteAddress, "10.0.0.1:5000");
  EXPECT_FALSE(evicted->wasBusy);
  EXPECT_EQ(closed, 1);
  EXPECT_EQ(registry.size(), 1U);
  // The evicted connection's own cleanup later is harmless.
  registry.remove(first);
  registry.endRequest(first);
  EXPECT_EQ(registry.size(), 1U);
}

TEST(ConnectionRegistryTest, AttachFailsOnceEvicted) {
  ConnectionRegistry registry;
  const auto id = registry.add("a");
  ASSERT_TRUE(registry.evictOne().has_value());
  EXPECT_FALSE(registry.attach(id, [] {}));
  EXPECT_FALSE(registry.evictOne().has_value());
}

TEST(ConnectionRegistryTest, CloseIdleLeavesBusyConnectionsToFinish) {
  ConnectionRegistry registry;
  std::vector<std::string> closed;
  const auto idle = registry.add("idle");
  const auto busy = registry.add("busy");
  registry.attach(idle, [&closed] { closed.push_back("idle"); });
  registry.attach(busy, [&closed] { closed.push_back("busy"); });
  registry.beginRequest(busy);

  registry.closeIdle();
  EXPECT_EQ(closed, std::vector<std::string>{"idle"});
  EXPECT_EQ(registry.size(), 1U);
  registry.closeAll();
  EXPECT_EQ(closed, (std::vector<std::string>{"idle", "busy"}));
  EXPECT_EQ(registry.size(), 0U);
}

}  // namespace
}  // namespace unyo::exporter
