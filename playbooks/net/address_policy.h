#pragma once

// Which addresses http.check and notify.webhook may connect to. Link-local
// addresses are where cloud metadata services answer (169.254.169.254 on
// AWS, Azure, GCP and OCI hands out the VM's credentials): a playbook whose
// URL comes from a template or a redirect must not reach them unless the step
// says so. Decided on the resolved addresses, so a name that resolves there
// is refused too. Loopback stays allowed: local health checks use it.

#include <boost/asio/ip/address.hpp>
#include <string>
#include <string_view>

#include "base/error.h"

namespace unyo::playbooks::net {

enum class AddressClass {
  ordinary,
  linkLocal,      // 169.254.0.0/16, fe80::/10
  cloudMetadata,  // 169.254.169.254, fd00:ec2::254 (AWS), 100.100.100.200 (Alibaba)
};

// IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are classified as their IPv4 address.
AddressClass classify(const boost::asio::ip::address& address);

struct AddressPolicy {
  bool allowLinkLocal = false;  // the step's `allow_link_local`
};

// Empty when `policy` allows connecting to `address`, which `host` resolved
// to; otherwise why not and how to allow it: "refusing to connect to
// \"metadata\" (169.254.169.254): a cloud metadata address; set
// allow_link_local: true on the step to allow it".
std::string refusalReason(std::string_view host, const boost::asio::ip::address& address,
                          const AddressPolicy& policy);

}  // namespace unyo::playbooks::net
