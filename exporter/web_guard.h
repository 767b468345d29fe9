#pragma once

// What the web config asks of every HTTP request, in exporter-toolkit's
// order: the rate limit (429), the configured response headers, then
// basic_auth_users (401 with WWW-Authenticate: Basic). Wraps the handler
// that answers the request.
//
// Paths under an exempt prefix skip basic auth: unyo's API has its own,
// stronger credentials (bearer tokens with roles), and both would need the
// one Authorization header. Failed basic auth is reported like a failed
// token and limited per client address the same way (429 after 10 failures
// a minute), which also bounds the bcrypt work a stranger can cause.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "exporter/auth_failure_limiter.h"
#include "exporter/basic_auth.h"
#include "exporter/bearer_auth.h"
#include "exporter/http_message.h"
#include "exporter/request_rate_limit.h"
#include "exporter/web_config_watcher.h"

namespace unyo::exporter {

class WebGuard {
 public:
  struct Options {
    std::vector<std::string> basicAuthExemptPrefixes;  // e.g. "/api/"
    AuthFailureReporter reportFailure;
  };

  WebGuard(const Clock& clock, std::shared_ptr<WebConfigWatcher> watcher, Options options);

  // `inner` behind the guard. The guard must outlive the returned handler.
  HttpHandler wrap(HttpHandler inner);

 private:
  boost::asio::awaitable<HttpResponse> handle(const HttpRequest& request, const HttpHandler& inner);
  std::optional<HttpResponse> rateLimited(const ActiveWebConfig& active);
  boost::asio::awaitable<std::optional<HttpResponse>> authenticate(const ActiveWebConfig& active,
                                                                   const HttpRequest& request);
  bool exempt(const HttpRequest& request) const;

  const Clock& clock_;
  std::shared_ptr<WebConfigWatcher> watcher_;
  Options options_;
  std::optional<RateLimit> limitInForce_;
  std::optional<RequestRateLimit> limiter_;
  AuthFailureLimiter failures_;
  std::shared_ptr<BasicAuthVerifier> verifier_;
};

}  // namespace unyo::exporter
