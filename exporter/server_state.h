#pragma once

// What the accept loop and the connections share. Internal to the exporter:
// the accept loop, each connection and pending stop() calls hold it through
// a shared_ptr, so it outlives whichever finishes last.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <string_view>
#include <utility>

#include "exporter/connection_registry.h"
#include "exporter/http_server.h"

namespace unyo::exporter {

struct ServerState {
  ServerState(boost::asio::io_context& io, ServerOptions serverOptions, HttpHandler requestHandler,
              ServerEventCallback eventCallback)
      : options(std::move(serverOptions)),
        handler(std::move(requestHandler)),
        onEvent(std::move(eventCallback)),
        acceptor(io),
        acceptRetry(io) {}

  void report(std::string_view event, std::string_view detail) const noexcept {
    if (!onEvent) return;
    try {
      onEvent(event, detail);
    } catch (...) {  // a failing log line must not take a connection down
    }
  }

  const ServerOptions options;
  const HttpHandler handler;
  const ServerEventCallback onEvent;
  boost::asio::ip::tcp::acceptor acceptor;
  boost::asio::steady_timer acceptRetry;  // backs off after accept errors (EMFILE)
  ConnectionRegistry connections;
  std::uint16_t port = 0;
  bool stopping = false;
};

}  // namespace unyo::exporter
