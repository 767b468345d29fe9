#include "exporter/bearer_auth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <boost/asio/use_awaitable.hpp>

namespace unyo::exporter {
namespace {

constexpr std::string_view kTokenNameHeader = "X-Unyo-Token-Name";

bool roleAllows(ApiRole granted, ApiRole needed) {
  if (granted == needed) return true;
  switch (needed) {
    case ApiRole::read: return granted != ApiRole::alert;  // alert tokens only post alerts
    case ApiRole::alert: return granted == ApiRole::operate;  // as before the alert role
    case ApiRole::operate:
    case ApiRole::approve: return false;
  }
  return false;
}

std::string_view roleName(ApiRole role) {
  switch (role) {
    case ApiRole::read: return "read";
    case ApiRole::operate: return "operate";
    case ApiRole::approve: return "approve";
    case ApiRole::alert: return "alert";
  }
  return "read";
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool parseSha256Hex(std::string_view hex, std::array<std::uint8_t, 32>& out) {
  if (hex.size() != 64) return false;
  for (std::size_t i = 0; i < 32; ++i) {
    const int hi = hexValue(hex[2 * i]);
    const int lo = hexValue(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  return true;
}

std::array<std::uint8_t, 32> sha256(std::string_view data) {
  std::array<std::uint8_t, 32> digest{};
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr);
  return digest;
}

std::variant<std::string, HttpResponse> BearerAuth::authorize(const HttpRequest& request,
                                                              ApiRole needed) const {
  if (tokens_.empty()) {
    return HttpResponse::jsonError(403, "api_disabled",
                                   "the HTTP API is off until web.api_tokens has a token");
  }
  std::string_view header = request.header("Authorization");
  constexpr std::string_view kScheme = "Bearer ";
  if (header.size() <= kScheme.size() ||
      !equalsIgnoringCase(header.substr(0, kScheme.size()), kScheme)) {
    HttpResponse response =
        HttpResponse::jsonError(401, "unauthorized", "send Authorization: Bearer <token>");
    response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"unyo\"");
    return response;
  }
  const auto presented = sha256(header.substr(kScheme.size()));
  // Compare with every token, without stopping at a match, so the time taken
  // says nothing about which tokens exist.
  const ApiTokenEntry* match = nullptr;
  for (const auto& token : tokens_) {
    if (CRYPTO_memcmp(presented.data(), token.sha256.data(), presented.size()) == 0) {
      match = &token;
    }
  }
  if (match == nullptr) {
    HttpResponse response = HttpResponse::jsonError(401, "unauthorized", "unknown token");
    response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"unyo\", error=\"invalid_token\"");
    return response;
  }
  if (!roleAllows(match->role, needed)) {
    return HttpResponse::jsonError(
        403, "forbidden",
        "token \"" + match->name + "\" has role " + std::string(roleName(match->role)) +
            "; this needs " + std::string(roleName(needed)));
  }
  return match->name;
}

std::variant<std::string, HttpResponse> BearerAuth::admit(const HttpRequest& request,
                                                          ApiRole needed) {
  const std::string client = clientHost(request.remoteAddress);
  if (auto wait = limiter_.blockedFor(client)) {
    reportFailure(request, "rate limited");
    HttpResponse response = HttpResponse::jsonError(
        429, "too_many_requests", "too many failed authentications from this address; retry later");
    response.headers.emplace_back("Retry-After", std::to_string(wait->count()));
    return response;
  }
  auto decision = authorize(request, needed);
  if (auto* denied = std::get_if<HttpResponse>(&decision)) {
    if (denied->status == 401) {
      limiter_.recordFailure(client);
      const bool missing = findHeader(denied->headers, "WWW-Authenticate") ==
                           std::optional<std::string_view>("Bearer realm=\"unyo\"");
      reportFailure(request, missing ? "missing or malformed Authorization" : "unknown token");
    } else if (!tokens_.empty()) {  // with the API off, nothing was tried
      reportFailure(request, "the token's role does not allow this");
    }
  }
  return decision;
}

void BearerAuth::reportFailure(const HttpRequest& request, std::string reason) const {
  if (!report_) return;
  report_(AuthFailure{clientHost(request.remoteAddress), request.method + " " + request.path,
                      std::move(reason)});
}

HttpHandler BearerAuth::require(ApiRole needed, HttpHandler handler) {
  return [this, needed, handler = std::move(handler)](
             const HttpRequest& request) -> boost::asio::awaitable<HttpResponse> {
    auto decision = admit(request, needed);
    if (auto* denied = std::get_if<HttpResponse>(&decision)) co_return std::move(*denied);
    HttpRequest authorized = request;
    std::erase_if(authorized.headers,
                  [](const auto& h) { return equalsIgnoringCase(h.first, kTokenNameHeader); });
    authorized.headers.emplace_back(std::string(kTokenNameHeader),
                                    std::get<std::string>(decision));
    co_return co_await handler(authorized);
  };
}

}  // namespace unyo::exporter
