#include "exporter/web_guard.h"

#include <algorithm>

namespace unyo::exporter {
namespace {

HttpResponse unauthorized() {
  HttpResponse response = HttpResponse::text(401, "Unauthorized\n");
  response.headers.emplace_back("WWW-Authenticate", "Basic realm=\"unyo\", charset=\"UTF-8\"");
  return response;
}

void setHeader(HttpHeaders& headers, const std::string& name, const std::string& value) {
  std::erase_if(headers, [&](const auto& field) { return equalsIgnoringCase(field.first, name); });
  headers.emplace_back(name, value);
}

}  // namespace

WebGuard::WebGuard(const Clock& clock, std::shared_ptr<WebConfigWatcher> watcher, Options options)
    : clock_(clock),
      watcher_(std::move(watcher)),
      options_(std::move(options)),
      failures_(clock),
      verifier_(std::make_shared<BasicAuthVerifier>()) {}

HttpHandler WebGuard::wrap(HttpHandler inner) {
  return [this, inner = std::move(inner)](
             const HttpRequest& request) -> boost::asio::awaitable<HttpResponse> {
    co_return co_await handle(request, inner);
  };
}

boost::asio::awaitable<HttpResponse> WebGuard::handle(const HttpRequest& request,
                                                      const HttpHandler& inner) {
  // Held for the whole request: a reload meanwhile does not change the
  // rules half-way.
  const std::shared_ptr<const ActiveWebConfig> active = watcher_->current();
  std::optional<HttpResponse> refusal = rateLimited(*active);
  if (!refusal) refusal = co_await authenticate(*active, request);
  // No co_await inside ?: : GCC 12 miscompiles it (use after free).
  HttpResponse response;
  if (refusal) {
    response = std::move(*refusal);
  } else {
    response = co_await inner(request);
  }
  for (const auto& [name, value] : active->config.headers) setHeader(response.headers, name, value);
  co_return response;
}

std::optional<HttpResponse> WebGuard::rateLimited(const ActiveWebConfig& active) {
  const auto& limit = active.config.rateLimit;
  const bool changed = limit.has_value() != limitInForce_.has_value() ||
                       (limit && (limit->interval != limitInForce_->interval ||
                                  limit->burst != limitInForce_->burst));
  if (changed) {
    limitInForce_ = limit;
    limiter_.reset();
    if (limit) limiter_.emplace(clock_, *limit);
  }
  if (!limiter_ || limiter_->allow()) return std::nullopt;
  return HttpResponse::text(429, "Too Many Requests\n");
}

bool WebGuard::exempt(const HttpRequest& request) const {
  return std::any_of(options_.basicAuthExemptPrefixes.begin(),
                     options_.basicAuthExemptPrefixes.end(),
                     [&](const std::string& prefix) { return request.path.starts_with(prefix); });
}

boost::asio::awaitable<std::optional<HttpResponse>> WebGuard::authenticate(
    const ActiveWebConfig& active, const HttpRequest& request) {
  const BasicAuthUsers& users = active.config.basicAuthUsers;
  if (users.empty() || exempt(request)) co_return std::nullopt;
  const std::string_view authorization = request.header("Authorization");
  // No credentials is how every browser starts: answered, not held against it.
  if (authorization.empty()) co_return unauthorized();

  const std::string client = clientHost(request.remoteAddress);
  const auto report = [&](std::string reason) {
    if (options_.reportFailure) {
      options_.reportFailure(
          AuthFailure{client, request.method + " " + request.path, std::move(reason)});
    }
  };
  if (auto wait = failures_.blockedFor(client)) {
    report("rate limited");
    HttpResponse response = HttpResponse::text(429, "Too Many Requests\n");
    response.headers.emplace_back("Retry-After", std::to_string(wait->count()));
    co_return response;
  }
  // The verifier outlives this request even if the guard goes first.
  const std::shared_ptr<BasicAuthVerifier> verifier = verifier_;
  const BasicAuthVerifier::Verdict verdict = co_await verifier->verify(users, authorization);
  if (verdict == BasicAuthVerifier::Verdict::allowed) co_return std::nullopt;
  if (verdict == BasicAuthVerifier::Verdict::busy) {
    HttpResponse response = HttpResponse::text(503, "Password checks are queued; retry\n");
    response.headers.emplace_back("Retry-After", "1");
    co_return response;
  }
  failures_.recordFailure(client);
  report("wrong user or password");
  co_return unauthorized();
}

}  // namespace unyo::exporter
