#include "exporter/request_target.h"

#include <algorithm>
#include <cctype>

namespace unyo::exporter {
namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "http://host:9877/metrics?x" -> "/metrics?x"; proxies and some clients send
// the absolute form, which HTTP/1.1 servers must accept.
std::string_view stripSchemeAndAuthority(std::string_view target) {
  for (std::string_view scheme : {"http://", "https://"}) {
    if (target.size() >= scheme.size() &&
        std::equal(scheme.begin(), scheme.end(), target.begin(), [](char s, char t) {
          return s == std::tolower(static_cast<unsigned char>(t));
        })) {
      target.remove_prefix(scheme.size());
      const auto pathStart = target.find_first_of("/?");
      if (pathStart == std::string_view::npos) return "/";
      target.remove_prefix(pathStart);
      return target;
    }
  }
  return target;
}

}  // namespace

std::optional<std::string> percentDecode(std::string_view text, bool plusIsSpace) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int high = hexValue(text[i + 1]);
      const int low = hexValue(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else if (c == '+' && plusIsSpace) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::expected<RequestTarget, std::string> parseRequestTarget(std::string_view target) {
  if (target == "*") return RequestTarget{.path = "*", .query = {}};
  target = stripSchemeAndAuthority(target);
  if (target.empty()) target = "/";
  if (target.front() == '?') return parseRequestTarget("/" + std::string(target));
  if (target.front() != '/') return std::unexpected("request target must start with '/'");

  const auto fragment = target.find('#');  // never sent by conforming clients; ignore it
  if (fragment != std::string_view::npos) target = target.substr(0, fragment);

  const auto queryStart = target.find('?');
  auto path = percentDecode(target.substr(0, queryStart));
  if (!path) return std::unexpected("malformed percent escape in path");

  RequestTarget result{.path = std::move(*path), .query = {}};
  if (queryStart == std::string_view::npos) return result;

  std::string_view rest = target.substr(queryStart + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    auto key = percentDecode(pair.substr(0, eq), true);
    auto value = percentDecode(
        eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1), true);
    if (!key || !value) return std::unexpected("malformed percent escape in query");
    result.query.emplace_back(std::move(*key), std::move(*value));
  }
  return result;
}

}  // namespace unyo::exporter
