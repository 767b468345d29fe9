// Classifying addresses for the HTTP actions' outbound requests.

#include "playbooks/net/address_policy.h"

#include <cstdint>

namespace unyo::playbooks::net {
namespace {

namespace ip = boost::asio::ip;

constexpr std::uint32_t kLinkLocalV4 = 0xA9FE0000;  // 169.254.0.0/16
constexpr std::uint32_t kLinkLocalV4Mask = 0xFFFF0000;
constexpr std::uint32_t kMetadataV4 = 0xA9FEA9FE;       // 169.254.169.254
constexpr std::uint32_t kAlibabaMetadata = 0x646464C8;  // 100.100.100.200
// fd00:ec2::254, the AWS instance metadata service over IPv6.
constexpr ip::address_v6::bytes_type kAwsMetadataV6 = {0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0,    0,
                                                       0,    0,    0,    0,    0, 0, 0x02, 0x54};

AddressClass classifyV4(const ip::address_v4& address) {
  const std::uint32_t value = address.to_uint();
  if (value == kMetadataV4 || value == kAlibabaMetadata) return AddressClass::cloudMetadata;
  if ((value & kLinkLocalV4Mask) == kLinkLocalV4) return AddressClass::linkLocal;
  return AddressClass::ordinary;
}

AddressClass classifyV6(const ip::address_v6& address) {
  if (address.is_v4_mapped()) return classifyV4(ip::make_address_v4(ip::v4_mapped, address));
  const ip::address_v6::bytes_type bytes = address.to_bytes();
  if (bytes == kAwsMetadataV6) return AddressClass::cloudMetadata;
  if (bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80) return AddressClass::linkLocal;  // fe80::/10
  return AddressClass::ordinary;
}

}  // namespace

AddressClass classify(const ip::address& address) {
  return address.is_v4() ? classifyV4(address.to_v4()) : classifyV6(address.to_v6());
}

std::string refusalReason(std::string_view host, const ip::address& address,
                          const AddressPolicy& policy) {
  const AddressClass kind = classify(address);
  if (kind == AddressClass::ordinary || policy.allowLinkLocal) return "";
  const std::string what =
      kind == AddressClass::cloudMetadata ? "a cloud metadata address" : "a link-local address";
  return "refusing to connect to " + inQuotes(host) + " (" + address.to_string() + "): " + what +
         "; set allow_link_local: true on the step to allow it";
}

}  // namespace unyo::playbooks::net
