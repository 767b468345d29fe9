#include "playbooks/actions/tcp_check_action.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/playbooks/net/net_test_system.h"
#include "unit/playbooks/net/test_servers.h"

namespace unyo::playbooks {
namespace {

using ::testing::StartsWith;
using testing::with;

class TcpCheckActionTest : public ::testing::Test {
 protected:
  ActionResult check(Value withValue) {
    return system_.run(tcpCheckActionDescriptor(), std::move(withValue));
  }
  static std::string where(std::uint16_t port) { return "127.0.0.1:" + std::to_string(port); }

  testing::NetTestSystem system_;
};

TEST_F(TcpCheckActionTest, AListeningPortIsOpen) {
  testing::SilentListener listener;
  const ActionResult r = check(with({{"host", "127.0.0.1"}, {"port", listener.port()}}));
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_FALSE(r.changed);
  EXPECT_EQ(r.output.find("host")->asString(), "127.0.0.1");
  EXPECT_EQ(r.output.find("port")->asInt(), listener.port());
  EXPECT_TRUE(r.output.find("open")->asBool());
  EXPECT_GE(r.output.find("latency_ms")->asInt(), 0);
  EXPECT_THAT(r.summary, StartsWith(where(listener.port()) + " is open"));
}

TEST_F(TcpCheckActionTest, AClosedPortFails) {
  const auto port = testing::closedPort();
  const ActionResult r = check(with({{"host", "127.0.0.1"}, {"port", std::to_string(port)}}));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "cannot connect to " + where(port) + ": connection refused");
  EXPECT_FALSE(r.output.find("open")->asBool());
}

TEST_F(TcpCheckActionTest, ExpectClosedSucceedsWhenNothingListens) {
  const auto port = testing::closedPort();
  const ActionResult closed =
      check(with({{"host", "127.0.0.1"}, {"port", port}, {"expect_closed", true}}));
  EXPECT_TRUE(closed.ok) << closed.error;
  EXPECT_EQ(closed.summary, where(port) + " is not open: connection refused");

  testing::SilentListener listener;
  const ActionResult open =
      check(with({{"host", "127.0.0.1"}, {"port", listener.port()}, {"expect_closed", "true"}}));
  EXPECT_FALSE(open.ok);
  EXPECT_EQ(open.error, where(listener.port()) + " is open, expected closed");
}

TEST_F(TcpCheckActionTest, AHostNameIsResolved) {
  testing::SilentListener listener;
  const ActionResult r = check(with({{"host", "localhost"}, {"port", listener.port()}}));
  EXPECT_TRUE(r.ok) << r.error;
}

TEST_F(TcpCheckActionTest, ExplainsBadSettings) {
  EXPECT_EQ(check(with({{"port", 22}})).error, "\"host\" is required");
  EXPECT_EQ(check(with({{"host", "127.0.0.1"}})).error, "\"port\" is required");
  EXPECT_EQ(check(with({{"host", "127.0.0.1"}, {"port", 70000}})).error,
            "\"port\": expected 1-65535, got 70000");
  EXPECT_EQ(check(with({{"host", "127.0.0.1"}, {"port", "ssh"}})).error,
            "\"port\": expected an integer, got \"ssh\"");
}

}  // namespace
}  // namespace unyo::playbooks
