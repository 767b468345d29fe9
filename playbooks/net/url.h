#pragma once

// The URLs http.check and notify.webhook accept: http:// or https://, a host
// (a name, an IPv4 address or an [IPv6] address), an optional port and a
// path with query. Credentials in the URL (user:password@) are refused: they
// belong in headers, which outputs never show. The fragment is never sent.

#include <cstdint>
#include <string>
#include <string_view>

#include "base/error.h"

namespace unyo::playbooks::net {

struct Url {
  std::string scheme;  // "http" or "https"
  std::string host;    // an IPv6 address without brackets
  std::uint16_t port = 0;
  std::string target;  // "/path?query", never empty

  bool isHttps() const { return scheme == "https"; }
  // As the Host header writes it: "example.org", "127.0.0.1:8080", "[::1]:8443"
  // (the scheme's default port left out).
  std::string authority() const;
  std::string toString() const;  // "https://example.org/health"
};

// Errors say what is wrong without repeating the URL, whose query may hold a token.
Expected<Url> parseUrl(std::string_view text);

// Where a redirect's Location (absolute, scheme-relative, absolute-path or
// relative-path) points, seen from `base`.
Expected<Url> resolveLocation(const Url& base, std::string_view location);

}  // namespace unyo::playbooks::net
