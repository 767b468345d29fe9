#include "playbooks/net/address_policy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace unyo::playbooks::net {
namespace {

using ::testing::HasSubstr;

AddressClass classOf(const char* text) { return classify(boost::asio::ip::make_address(text)); }

TEST(AddressPolicyTest, Ipv4LinkLocalIsExactly169Dot254Slash16) {
  EXPECT_EQ(classOf("169.254.0.0"), AddressClass::linkLocal);
  EXPECT_EQ(classOf("169.254.1.1"), AddressClass::linkLocal);
  EXPECT_EQ(classOf("169.254.255.255"), AddressClass::linkLocal);
  EXPECT_EQ(classOf("169.253.255.255"), AddressClass::ordinary);
  EXPECT_EQ(classOf("169.255.0.0"), AddressClass::ordinary);
}

TEST(AddressPolicyTest, CloudMetadataAddressesAreNamed) {
  EXPECT_EQ(classOf("169.254.169.254"), AddressClass::cloudMetadata);
  EXPECT_EQ(classOf("100.100.100.200"), AddressClass::cloudMetadata);
  EXPECT_EQ(classOf("fd00:ec2::254"), AddressClass::cloudMetadata);
  EXPECT_EQ(classOf("100.100.100.201"), AddressClass::ordinary);
  EXPECT_EQ(classOf("100.64.0.1"), AddressClass::ordinary);
  EXPECT_EQ(classOf("fd00:ec2::253"), AddressClass::ordinary);
  EXPECT_EQ(classOf("fd00::254"), AddressClass::ordinary);
}

TEST(AddressPolicyTest, Ipv6LinkLocalIsFe80Slash10) {
  EXPECT_EQ(classOf("fe80::"), AddressClass::linkLocal);
  EXPECT_EQ(classOf("fe80::1"), AddressClass::linkLocal);
  EXPECT_EQ(classOf("fe80::1%1"), AddressClass::linkLocal);
  EXPECT_EQ(classOf("febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), AddressClass::linkLocal);
  EXPECT_EQ(classOf("fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), AddressClass::ordinary);
  EXPECT_EQ(classOf("fec0::1"), AddressClass::ordinary);
  EXPECT_EQ(classOf("2001:db8::1"), AddressClass::ordinary);
}

TEST(AddressPolicyTest, Ipv4MappedAddressesAreClassifiedAsTheirIpv4Address) {
  EXPECT_EQ(classOf("::ffff:169.254.169.254"), AddressClass::cloudMetadata);
  EXPECT_EQ(classOf("::ffff:100.100.100.200"), AddressClass::cloudMetadata);
  EXPECT_EQ(classOf("::ffff:169.254.0.1"), AddressClass::linkLocal);
  EXPECT_EQ(classOf("::ffff:a9fe:a9fe"), AddressClass::cloudMetadata);
  EXPECT_EQ(classOf("::ffff:169.255.0.0"), AddressClass::ordinary);
  EXPECT_EQ(classOf("::ffff:127.0.0.1"), AddressClass::ordinary);
}

TEST(AddressPolicyTest, LoopbackPrivateAndPublicAddressesAreOrdinary) {
  for (const char* text : {"127.0.0.1", "127.1.2.3", "::1", "0.0.0.0", "10.0.0.1", "172.16.0.1",
                           "192.168.1.1", "8.8.8.8", "fd12:3456::1"}) {
    EXPECT_EQ(classOf(text), AddressClass::ordinary) << text;
  }
}

TEST(AddressPolicyTest, TheRefusalNamesHostAndAddressAndHowToAllowIt) {
  const auto metadata = boost::asio::ip::make_address("169.254.169.254");
  EXPECT_EQ(refusalReason("metadata.internal", metadata, {}),
            "refusing to connect to \"metadata.internal\" (169.254.169.254): a cloud metadata "
            "address; set allow_link_local: true on the step to allow it");
  EXPECT_THAT(refusalReason("fe80::1", boost::asio::ip::make_address("fe80::1"), {}),
              HasSubstr("(fe80::1): a link-local address; set allow_link_local: true"));
  EXPECT_EQ(refusalReason("x", metadata, AddressPolicy{.allowLinkLocal = true}), "");
  EXPECT_EQ(refusalReason("localhost", boost::asio::ip::make_address("127.0.0.1"), {}), "");
}

}  // namespace
}  // namespace unyo::playbooks::net
