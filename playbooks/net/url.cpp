// URL parsing for the HTTP client.

#include "playbooks/net/url.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace unyo::playbooks::net {
namespace {

constexpr std::uint16_t kHttpPort = 80;
constexpr std::uint16_t kHttpsPort = 443;

std::uint16_t defaultPort(std::string_view scheme) {
  return scheme == "https" ? kHttpsPort : kHttpPort;
}

bool hasSpaceOrControl(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u == 0x7f;
  });
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

Expected<std::uint16_t> parsePort(std::string_view text) {
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value == 0 ||
      value > 65535) {
    return fail("the port must be a number from 1 to 65535");
  }
  return static_cast<std::uint16_t>(value);
}

// Splits "host:port", "[v6]:port" or "host" into `url`.
Expected<void> parseAuthority(std::string_view authority, Url& url) {
  if (authority.find('@') != std::string_view::npos) {
    return fail("credentials in the URL are not supported; send them in \"headers\"");
  }
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return fail("an IPv6 address needs a closing ']'");
    host = authority.substr(1, close - 1);
    const std::string_view rest = authority.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) return fail("unexpected text after ']'");
    if (!rest.empty()) port = rest.substr(1);
  } else if (const auto colon = authority.find(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) return fail("the URL has no host");
  url.host = lowercase(host);
  url.port = defaultPort(url.scheme);
  if (!port.empty() || authority.ends_with(':')) {
    auto parsed = parsePort(port);
    if (!parsed) return std::unexpected(parsed.error());
    url.port = *parsed;
  }
  return {};
}

std::string_view withoutFragment(std::string_view text) {
  return text.substr(0, std::min(text.find('#'), text.size()));
}

}  // namespace

std::string Url::authority() const {
  std::string out = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (port != defaultPort(scheme)) out += ":" + std::to_string(port);
  return out;
}

std::string Url::toString() const { return scheme + "://" + authority() + target; }

Expected<Url> parseUrl(std::string_view text) {
  if (hasSpaceOrControl(text)) return fail("the URL must not contain spaces or control characters");
  const auto schemeEnd = text.find("://");
  if (schemeEnd == std::string_view::npos) return fail("expected an http:// or https:// URL");
  Url url;
  url.scheme = lowercase(text.substr(0, schemeEnd));
  if (url.scheme != "http" && url.scheme != "https") {
    return fail("only http:// and https:// URLs are supported, not " + url.scheme + "://");
  }
  const std::string_view rest = withoutFragment(text.substr(schemeEnd + 3));
  const auto pathStart = std::min(rest.find_first_of("/?"), rest.size());
  auto authority = parseAuthority(rest.substr(0, pathStart), url);
  if (!authority) return std::unexpected(authority.error());
  url.target = std::string(rest.substr(pathStart));
  if (!url.target.starts_with('/')) url.target.insert(0, "/");
  return url;
}

Expected<Url> resolveLocation(const Url& base, std::string_view location) {
  location = withoutFragment(location);
  if (location.find("://") != std::string_view::npos) return parseUrl(location);
  if (location.starts_with("//")) return parseUrl(base.scheme + ":" + std::string(location));
  if (location.empty()) return base;
  if (hasSpaceOrControl(location))
    return fail("the location contains spaces or control characters");
  Url next = base;
  if (location.starts_with('/')) {
    next.target = std::string(location);
  } else if (location.starts_with('?')) {
    next.target = base.target.substr(0, base.target.find('?')) + std::string(location);
  } else {
    const std::string path = base.target.substr(0, base.target.find('?'));
    next.target = path.substr(0, path.rfind('/') + 1) + std::string(location);
  }
  return next;
}

}  // namespace unyo::playbooks::net
