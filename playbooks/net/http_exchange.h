#pragma once

// One request and its response on a new connection: the part of the HTTP
// client that speaks HTTP (Beast) and TLS (Asio SSL). http_client.cpp adds
// redirects around it.

#include <boost/asio/awaitable.hpp>

#include "base/error.h"
#include "playbooks/net/http_client.h"
#include "playbooks/net/watchdog.h"

namespace unyo::playbooks::net {

// Sends `request` to request.url; every step is bounded by `watchdog`.
boost::asio::awaitable<Expected<HttpClientResponse>> exchangeOnce(const HttpClientRequest& request,
                                                                  Watchdog& watchdog);

}  // namespace unyo::playbooks::net
