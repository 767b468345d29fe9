#pragma once

// A small HTTP/1.1 client for checks and webhooks: one request per
// connection (Connection: close), HTTPS with certificate and host-name
// verification, a body read up to a cap, redirects only when asked. No proxy
// support: unyo runs in closed networks and talks to its neighbours directly.
// Beast and Asio SSL stay in http_exchange.cpp.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "base/error.h"
#include "playbooks/net/address_policy.h"
#include "playbooks/net/tls_peer.h"
#include "playbooks/net/url.h"

namespace unyo::playbooks::net {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

inline constexpr std::size_t kDefaultMaxBody = 1024 * 1024;
inline constexpr int kMaxRedirects = 5;

struct HttpClientRequest {
  std::string method = "GET";  // GET, HEAD, POST, PUT
  Url url;
  HeaderList headers;  // Host, Content-Length and Connection are the client's own
  std::string body;
  std::size_t maxBody = kDefaultMaxBody;  // read at most this much; the rest is left unread
  // Up to kMaxRedirects; never from https to http. A hop to another origin
  // (scheme, host or port) goes without `headers`.
  bool followRedirects = false;
  TlsOptions tls;
  AddressPolicy addresses;  // checked on every resolved address of every hop
  std::chrono::milliseconds timeout{std::chrono::seconds(30)};  // the whole exchange
};

struct HttpClientResponse {
  int status = 0;
  HeaderList headers;
  std::string body;        // at most maxBody bytes
  bool truncated = false;  // the body went on past maxBody
  Url url;                 // the URL that answered (after redirects)
};

// Header names compare ASCII case-insensitively.
bool headerNameEquals(std::string_view a, std::string_view b);

// The first value of header `name` (any case), or "" when absent.
std::string findHeaderValue(const HeaderList& headers, std::string_view name);

// Sends `request` on the calling coroutine's executor. Errors read
// "connection refused", "timed out after 5s", "certificate verify failed:
// self-signed certificate"; they never contain header values.
boost::asio::awaitable<Expected<HttpClientResponse>> sendHttpRequest(HttpClientRequest request);

}  // namespace unyo::playbooks::net
