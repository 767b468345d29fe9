#include "exporter/listen_address.h"

#include <boost/asio/ip/address.hpp>
#include <charconv>

#include "base/error.h"

namespace unyo::exporter {

std::expected<ListenAddress, std::string> parseListenAddress(std::string_view text) {
  // The port follows the last ':'; an IPv6 host carries its own colons and
  // must therefore be bracketed.
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) {
    return std::unexpected("listen address " + inQuotes(text) +
                           " has no port; write HOST:PORT or :PORT");
  }
  std::string_view host = text.substr(0, colon);
  const std::string_view portText = text.substr(colon + 1);

  if (host.starts_with('[')) {
    if (!host.ends_with(']') || host.size() < 3) {
      return std::unexpected("listen address " + inQuotes(text) + " has an unclosed '['");
    }
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return std::unexpected("listen address " + inQuotes(text) +
                           ": write an IPv6 address in brackets, e.g. [::1]:9877");
  }

  unsigned port = 0;
  const auto [end, ec] = std::from_chars(portText.data(), portText.data() + portText.size(), port);
  if (portText.empty() || ec != std::errc{} || end != portText.data() + portText.size() ||
      port > 65535) {
    return std::unexpected("listen address " + inQuotes(text) + ": port " + inQuotes(portText) +
                           " is not a number from 0 to 65535");
  }
  return ListenAddress{.host = std::string(host), .port = static_cast<std::uint16_t>(port)};
}

bool isLoopbackOnly(const ListenAddress& address) {
  if (address.host == "localhost") return true;
  boost::system::error_code ec;
  const auto ip = boost::asio::ip::make_address(address.host, ec);
  return !ec && ip.is_loopback();
}

}  // namespace unyo::exporter
