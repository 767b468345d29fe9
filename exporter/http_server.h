#pragma once

// The HTTP/1.1 server: Boost.Beast with C++20 coroutines on the caller's
// io_context (one thread). Keep-alive, timeouts, size limits and a cap on
// open connections that evicts the longest-idle one, so slow or idle clients
// can never lock a scraper out. Beast stays inside the .cpp files.

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "exporter/http_message.h"
#include "exporter/router.h"
#include "exporter/web_config_watcher.h"

namespace unyo::exporter {

struct ServerOptions {
  std::string listenAddress = ":9877";  // ":PORT", "IP:PORT", "[IPv6]:PORT", "HOST:PORT"
  std::size_t maxConnections = 64;
  std::size_t headerLimit = 8 * 1024;             // request line + header fields; over it: 431
  std::size_t bodyLimit = 1024 * 1024;            // over it: 413
  std::chrono::milliseconds idleTimeout{10000};   // for each request to arrive
  std::chrono::milliseconds writeTimeout{30000};  // for each response to be sent
  // The web config file (--web.config.file); when it has tls_server_config,
  // every connection handshakes TLS with the context in force when it was
  // accepted. Null: plain HTTP.
  std::shared_ptr<WebConfigWatcher> webConfig = nullptr;
};

// What the server tells its owner (to log or count); called on the loop
// thread, must not throw.
using ServerEventCallback = std::function<void(std::string_view event, std::string_view detail)>;

inline constexpr std::string_view kEventAcceptFailed = "accept_failed";
inline constexpr std::string_view kEventConnectionEvicted = "connection_evicted";
inline constexpr std::string_view kEventConnectionFailed = "connection_failed";
inline constexpr std::string_view kEventHandlerFailed = "handler_failed";
inline constexpr std::string_view kEventBadResponse = "bad_response";
inline constexpr std::string_view kEventTlsHandshakeFailed = "tls_handshake_failed";

struct ServerState;

class HttpServer {
 public:
  // `handler` answers every request (Router::asHandler() for routing); an
  // exception from it becomes a 500 and a kEventHandlerFailed event.
  HttpServer(boost::asio::io_context& io, ServerOptions options, HttpHandler handler,
             ServerEventCallback onEvent = {});
  // Serves `router`, which must outlive the server.
  HttpServer(boost::asio::io_context& io, ServerOptions options, const Router& router,
             ServerEventCallback onEvent = {});
  // Closes everything. Destroy it on the loop thread or once run() returned.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens on options.listenAddress. ":PORT" means every
  // interface: IPv6 dual-stack, or IPv4 where IPv6 is unavailable.
  std::expected<void, std::string> listen();
  // The bound port (useful with port 0); 0 before listen().
  std::uint16_t port() const;

  // Starts accepting on the io_context. Call after listen().
  void start();
  // Stops accepting and closes idle connections; busy ones close after their
  // current response. io_context::run() returns once nothing else is
  // pending. Safe to call from any thread.
  void stop();

  // Connections currently open; safe to read from any thread.
  std::size_t openConnections() const;

 private:
  std::shared_ptr<ServerState> state_;
};

}  // namespace unyo::exporter
