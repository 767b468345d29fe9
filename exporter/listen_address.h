#pragma once

// Parses web.listen_address the way node_exporter users write it:
// ":9877" (every interface), "127.0.0.1:9877", "[::1]:9877",
// "localhost:9877"; port 0 asks the kernel for a free port.

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace unyo::exporter {

struct ListenAddress {
  std::string host;  // "" means every interface; IPv6 without brackets
  std::uint16_t port = 0;
};

std::expected<ListenAddress, std::string> parseListenAddress(std::string_view text);

// Whether only this host can connect: 127.0.0.0/8, ::1 or "localhost".
// Every other name counts as reachable from the network, since what it
// resolves to can change.
bool isLoopbackOnly(const ListenAddress& address);

}  // namespace unyo::exporter
