#include "exporter/listen_address.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace unyo::exporter {
namespace {

using ::testing::HasSubstr;

TEST(ListenAddressTest, PortAloneMeansEveryInterface) {
  auto address = parseListenAddress(":9877");
  ASSERT_TRUE(address.has_value());
  EXPECT_EQ(address->host, "");
  EXPECT_EQ(address->port, 9877);
}

TEST(ListenAddressTest, ReadsIpv4Ipv6AndHostNames) {
  EXPECT_EQ(parseListenAddress("127.0.0.1:9877")->host, "127.0.0.1");
  EXPECT_EQ(parseListenAddress("[::1]:9877")->host, "::1");
  EXPECT_EQ(parseListenAddress("[::]:0")->port, 0);
  EXPECT_EQ(parseListenAddress("localhost:65535")->port, 65535);
}

TEST(ListenAddressTest, ExplainsWhatIsWrong) {
  EXPECT_THAT(parseListenAddress("9877").error(), HasSubstr("no port"));
  EXPECT_THAT(parseListenAddress("::1:9877").error(), HasSubstr("brackets"));
  EXPECT_THAT(parseListenAddress("[::1:9877").error(), HasSubstr("unclosed"));
  EXPECT_THAT(parseListenAddress("[]:9877").error(), HasSubstr("unclosed"));
  EXPECT_THAT(parseListenAddress(":65536").error(), HasSubstr("0 to 65535"));
  EXPECT_THAT(parseListenAddress(":").error(), HasSubstr("0 to 65535"));
  EXPECT_THAT(parseListenAddress(":-1").error(), HasSubstr("0 to 65535"));
  EXPECT_THAT(parseListenAddress(":98x").error(), HasSubstr("0 to 65535"));
}

TEST(ListenAddressTest, OnlyLoopbackAddressesAreLoopbackOnly) {
  const auto loopback = [](std::string_view text) {
    auto address = parseListenAddress(text);
    EXPECT_TRUE(address.has_value()) << text;
    return address && isLoopbackOnly(*address);
  };
  EXPECT_TRUE(loopback("127.0.0.1:9877"));
  EXPECT_TRUE(loopback("127.8.9.10:9877"));
  EXPECT_TRUE(loopback("[::1]:9877"));
  EXPECT_TRUE(loopback("localhost:9877"));
  EXPECT_FALSE(loopback(":9877"));
  EXPECT_FALSE(loopback("0.0.0.0:9877"));
  EXPECT_FALSE(loopback("[::]:9877"));
  EXPECT_FALSE(loopback("10.0.1.23:9877"));
  EXPECT_FALSE(loopback("[::ffff:127.0.0.1]:9877"));  // not worth the guess: counted as network
  EXPECT_FALSE(loopback("vm.example:9877"));
}

}  // namespace
}  // namespace unyo::exporter
