// Reading the HTTP actions' shared `with:` keys.

#include "playbooks/net/http_step_options.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace unyo::playbooks::net {
namespace {

constexpr std::size_t kMaxHeaderValue = 8 * 1024;
constexpr int kLowestStatus = 100;
constexpr int kHighestStatus = 599;

// RFC 9110 token characters, the only ones a field name may hold.
bool isTokenChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) != 0 ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool isValidName(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), isTokenChar);
}

bool isValidValue(std::string_view value) {
  return value.size() <= kMaxHeaderValue &&
         value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

Expected<int> parseStatus(const Value& value) {
  const std::string text = value.toText();
  int status = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), status);
  if (value.isList() || value.isMap() || text.empty() || ec != std::errc() ||
      end != text.data() + text.size() || status < kLowestStatus || status > kHighestStatus) {
    return fail("\"expect_status\": expected HTTP statuses 100-599, got " + value.toText());
  }
  return status;
}

}  // namespace

Expected<Url> readUrl(const WithReader& with) {
  auto text = with.requiredString("url");
  if (!text) return std::unexpected(text.error());
  auto url = parseUrl(*text);
  if (!url) return fail("\"url\": " + url.error().message);
  return url;
}

Expected<std::string> readMethod(const WithReader& with, std::string fallback,
                                 std::initializer_list<std::string_view> allowed) {
  auto method = with.string("method", std::move(fallback));
  if (!method) return std::unexpected(method.error());
  std::transform(method->begin(), method->end(), method->begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (std::find(allowed.begin(), allowed.end(), *method) != allowed.end()) return method;
  std::string names;
  for (const auto name : allowed) names += (names.empty() ? "" : ", ") + std::string(name);
  return fail("\"method\": expected one of " + names + ", got \"" + *method + "\"");
}

Expected<HeaderList> readHeaders(const WithReader& with) {
  HeaderList headers;
  const Value* raw = with.raw("headers");
  if (raw == nullptr || raw->isNull()) return headers;
  if (!raw->isMap()) return fail("\"headers\": expected a map of Name: value");
  for (const auto& [name, value] : raw->asMap()) {
    if (!isValidName(name)) return fail("\"headers\": \"" + name + "\" is not a valid header name");
    if (value.isList() || value.isMap()) return fail("\"headers\": " + name + " must be a string");
    std::string text = value.toText();
    // The value itself stays out of the message: it may be a credential.
    if (!isValidValue(text)) {
      return fail("\"headers\": the value of " + name +
                  " contains a line break or is longer than 8 KiB");
    }
    headers.emplace_back(name, std::move(text));
  }
  return headers;
}

Expected<TlsOptions> readTlsOptions(const WithReader& with) {
  TlsOptions tls;
  auto caFile = with.string("ca_file");
  if (!caFile) return std::unexpected(caFile.error());
  tls.caFile = std::move(*caFile);
  auto insecure = with.boolean("insecure_skip_verify", false);
  if (!insecure) return std::unexpected(insecure.error());
  tls.insecureSkipVerify = *insecure;
  return tls;
}

Expected<AddressPolicy> readAddressPolicy(const WithReader& with) {
  auto allow = with.boolean("allow_link_local", false);
  if (!allow) return std::unexpected(allow.error());
  return AddressPolicy{.allowLinkLocal = *allow};
}

Expected<std::vector<int>> readExpectedStatuses(const WithReader& with) {
  std::vector<int> statuses;
  const Value* raw = with.raw("expect_status");
  if (raw == nullptr || raw->isNull()) return statuses;
  const Value::List single{*raw};
  const Value::List& items = raw->isList() ? raw->asList() : single;
  if (items.empty()) return fail("\"expect_status\" must not be empty");
  for (const Value& item : items) {
    auto status = parseStatus(item);
    if (!status) return std::unexpected(status.error());
    statuses.push_back(*status);
  }
  return statuses;
}

bool statusMatches(int status, const std::vector<int>& expected) {
  if (expected.empty()) return status >= 200 && status <= 299;
  return std::find(expected.begin(), expected.end(), status) != expected.end();
}

std::string describeStatusMismatch(int status, const std::vector<int>& expected) {
  const std::string got = ", got " + std::to_string(status);
  if (expected.empty()) return "expected a 2xx status" + got;
  std::string list;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    if (i > 0) list += i + 1 == expected.size() ? " or " : ", ";
    list += std::to_string(expected[i]);
  }
  return "expected status " + list + got;
}

}  // namespace unyo::playbooks::net
