// The HTTP client's redirect loop around exchangeOnce().

#include "playbooks/net/http_client.h"

#include <algorithm>
#include <boost/asio/this_coro.hpp>
#include <cctype>
#include <exception>

#include "playbooks/net/http_exchange.h"
#include "playbooks/net/watchdog.h"

namespace unyo::playbooks::net {
namespace {

bool isRedirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// Browsers' rules: 303 always, and 301/302 after a POST, continue with a GET
// without body; 307 and 308 repeat the request as it was.
void adaptForRedirect(int status, HttpClientRequest& request) {
  const bool toGet =
      status == 303 || ((status == 301 || status == 302) && request.method == "POST");
  if (!toGet || request.method == "HEAD") return;
  request.method = "GET";
  request.body.clear();
  std::erase_if(request.headers,
                [](const auto& field) { return headerNameEquals(field.first, "content-type"); });
}

bool isSameOrigin(const Url& a, const Url& b) {
  return a.scheme == b.scheme && a.host == b.host && a.port == b.port;
}

}  // namespace

bool headerNameEquals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

std::string findHeaderValue(const HeaderList& headers, std::string_view name) {
  auto it = std::find_if(headers.begin(), headers.end(),
                         [&](const auto& field) { return headerNameEquals(field.first, name); });
  return it == headers.end() ? "" : it->second;
}

boost::asio::awaitable<Expected<HttpClientResponse>> sendHttpRequest(HttpClientRequest request) {
  const auto executor = co_await boost::asio::this_coro::executor;
  Watchdog watchdog(executor, request.timeout);
  for (int redirects = 0;; ++redirects) {
    Expected<HttpClientResponse> response;
    try {
      response = co_await exchangeOnce(request, watchdog);
    } catch (const std::exception& e) {  // Asio's SSL objects throw when OpenSSL cannot allocate
      co_return fail(std::string("HTTP client failed: ") + e.what());
    }
    if (!response || !request.followRedirects || !isRedirect(response->status)) {
      co_return std::move(response);
    }
    const std::string location = findHeaderValue(response->headers, "location");
    if (location.empty()) co_return std::move(response);
    if (redirects == kMaxRedirects) {
      co_return fail("more than " + std::to_string(kMaxRedirects) + " redirects");
    }
    auto next = resolveLocation(request.url, location);
    if (!next) {
      co_return fail("redirect " + std::to_string(response->status) +
                     " to an unusable location: " + next.error().message);
    }
    if (request.url.isHttps() && !next->isHttps()) {
      co_return fail("refusing a redirect from https to http (" + next->toString() + ")");
    }
    // Any header the step set may carry a credential (Authorization, Cookie,
    // X-Api-Key, a token in a custom name): none is handed to another origin.
    if (!isSameOrigin(request.url, *next)) request.headers.clear();
    adaptForRedirect(response->status, request);
    request.url = std::move(*next);
  }
}

}  // namespace unyo::playbooks::net
