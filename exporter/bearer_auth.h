#pragma once

// Bearer-token authorization for the HTTP API. Tokens are configured only
// as their SHA-256; a presented token is hashed and compared with every
// stored hash in constant time. Roles:
//
//   read     GET playbooks and runs
//   operate  read, plus start runs and post alerts (the operations vendor)
//   approve  read, plus approve or reject pending runs (municipal staff)
//   alert    only post alerts (Alertmanager's webhook); cannot even read
//
// operate and approve are deliberately separate: whoever starts a risky run
// cannot approve it with the same token.
//
// Failed authentications (401) are reported and counted per client
// address (AuthFailureLimiter): a client that fails too often is answered
// 429 until its window has passed.

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/clock.h"
#include "exporter/auth_failure_limiter.h"
#include "exporter/http_message.h"

namespace unyo::exporter {

enum class ApiRole { read, operate, approve, alert };

struct ApiTokenEntry {
  std::string name;
  std::array<std::uint8_t, 32> sha256{};
  ApiRole role = ApiRole::read;
};

// "9f86d0..." (64 hex digits) -> bytes; false when malformed.
bool parseSha256Hex(std::string_view hex, std::array<std::uint8_t, 32>& out);
std::array<std::uint8_t, 32> sha256(std::string_view data);

// A request refused for its token, to log: never the token itself.
struct AuthFailure {
  std::string client;  // the address, without the port
  std::string route;   // "POST /api/v1/alerts"
  std::string reason;  // "missing token", "unknown token", "role read may not operate", "rate limited"
};
using AuthFailureReporter = std::function<void(const AuthFailure&)>;

class BearerAuth {
 public:
  explicit BearerAuth(const Clock& clock, AuthFailureReporter report = {},
                      AuthFailureLimiter::Limits limits = {})
      : limiter_(clock, limits), report_(std::move(report)) {}

  void setTokens(std::vector<ApiTokenEntry> tokens) { tokens_ = std::move(tokens); }
  bool enabled() const { return !tokens_.empty(); }

  // The name of the token that may do `needed`, or the response to send:
  // 403 when the API is off or the token's role does not allow it, 401 when
  // the token is missing or unknown (with WWW-Authenticate: Bearer).
  std::variant<std::string, HttpResponse> authorize(const HttpRequest& request,
                                                    ApiRole needed) const;

  // Wraps `handler` so it only runs for a token allowed to do `needed`; the
  // token's name reaches it as request header "X-Unyo-Token-Name" (set here,
  // never trusted from the client). Refusals are reported; a client with
  // too many failed authentications gets 429 with Retry-After instead.
  HttpHandler require(ApiRole needed, HttpHandler handler);

  // The whole check `require` makes, without the handler.
  std::variant<std::string, HttpResponse> admit(const HttpRequest& request, ApiRole needed);

 private:
  void reportFailure(const HttpRequest& request, std::string reason) const;

  std::vector<ApiTokenEntry> tokens_;
  AuthFailureLimiter limiter_;
  AuthFailureReporter report_;
};

}  // namespace unyo::exporter
