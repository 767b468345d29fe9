#pragma once

// One connection's request/response loop. Internal to the exporter; the only
// Beast translation unit is its .cpp.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <string>

#include "exporter/connection_registry.h"
#include "exporter/tls_context.h"

namespace unyo::exporter {

struct ServerState;

// Serves requests on `socket` until the client or the server ends the
// connection; `id` is its entry in state->connections, removed on return.
// With `tls`, the client must complete a TLS handshake first.
boost::asio::awaitable<void> serveConnection(boost::asio::ip::tcp::socket socket,
                                             ConnectionRegistry::Id id, std::string remoteAddress,
                                             std::shared_ptr<ServerState> state, TlsContextPtr tls);

}  // namespace unyo::exporter
