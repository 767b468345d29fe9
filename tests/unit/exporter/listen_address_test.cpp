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

}  // namespace
}  // namespace unyo::exporter
