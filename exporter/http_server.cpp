#include "exporter/http_server.h"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <vector>

#include "exporter/http_session.h"
#include "exporter/listen_address.h"
#include "exporter/server_state.h"

namespace unyo::exporter {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;

constexpr std::chrono::milliseconds kFirstAcceptRetry{5};
constexpr std::chrono::milliseconds kLastAcceptRetry{1000};

std::string formatEndpoint(const tcp::endpoint& endpoint) {
  asio::ip::address address = endpoint.address();
  // A dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d; show a.b.c.d.
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
  }
  const std::string port = std::to_string(endpoint.port());
  if (address.is_v6()) return "[" + address.to_string() + "]:" + port;
  return address.to_string() + ":" + port;
}

// Where ":PORT" may listen, best first; empty when the name does not resolve.
std::vector<tcp::endpoint> candidateEndpoints(const ListenAddress& where, error_code& ec) {
  if (where.host.empty()) {
    return {tcp::endpoint(tcp::v6(), where.port), tcp::endpoint(tcp::v4(), where.port)};
  }
  const asio::ip::address literal = asio::ip::make_address(where.host, ec);
  if (!ec) return {tcp::endpoint(literal, where.port)};

  // A host name such as "localhost": resolving blocks, which is fine once at
  // startup.
  asio::io_context scratch;
  tcp::resolver resolver(scratch);
  const auto results =
      resolver.resolve(where.host, std::to_string(where.port),
                       tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  std::vector<tcp::endpoint> endpoints;
  for (const auto& entry : results) endpoints.push_back(entry.endpoint());
  return endpoints;
}

// Opens, binds and listens `acceptor` on `endpoint`.
error_code listenOn(tcp::acceptor& acceptor, const tcp::endpoint& endpoint, bool dualStack) {
  error_code ec;
  acceptor.open(endpoint.protocol(), ec);
  if (ec) return ec;
  acceptor.set_option(tcp::acceptor::reuse_address(true), ec);  // restart despite TIME_WAIT
  if (!ec && dualStack) acceptor.set_option(asio::ip::v6_only(false), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    error_code ignored;
    acceptor.close(ignored);
  }
  return ec;
}

// Makes room for one more connection under the cap, closing the longest-idle.
void admitOne(ServerState& state) {
  const std::size_t cap = std::max<std::size_t>(state.options.maxConnections, 1);
  while (state.connections.size() >= cap) {
    const auto evicted = state.connections.evictOne();
    if (!evicted) break;
    state.report(kEventConnectionEvicted,
                 "closed " + std::string(evicted->wasBusy ? "busy" : "idle") + " connection from " +
                     evicted->remoteAddress + " to admit a new one (limit " + std::to_string(cap) +
                     ")");
  }
}

asio::awaitable<void> acceptLoop(std::shared_ptr<ServerState> state) {
  std::chrono::milliseconds retryDelay = kFirstAcceptRetry;
  while (!state->stopping) {
    error_code ec;
    tcp::socket socket(state->acceptor.get_executor());
    co_await state->acceptor.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
    if (state->stopping || ec == asio::error::operation_aborted) co_return;
    if (ec) {
      // Typically out of file descriptors: back off instead of spinning.
      state->report(kEventAcceptFailed, ec.message());
      state->acceptRetry.expires_after(retryDelay);
      co_await state->acceptRetry.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      retryDelay = std::min(retryDelay * 2, kLastAcceptRetry);
      continue;
    }
    retryDelay = kFirstAcceptRetry;

    socket.set_option(tcp::no_delay(true), ec);  // small responses should not wait for Nagle
    const tcp::endpoint remote = socket.remote_endpoint(ec);
    if (ec) continue;  // the client already left
    admitOne(*state);
    std::string remoteAddress = formatEndpoint(remote);
    TlsContextPtr tls;
    if (state->options.webConfig && state->options.webConfig->servesTls()) {
      try {
        tls = state->options.webConfig->current()->tls;  // a rotated certificate applies from here
      } catch (
          const std::exception& e) {  // out of memory re-reading it: drop this one, keep accepting
        state->report(kEventAcceptFailed, std::string("web config: ") + e.what());
        continue;
      }
    }
    const ConnectionRegistry::Id id = state->connections.add(remoteAddress);
    asio::co_spawn(
        state->acceptor.get_executor(),
        serveConnection(std::move(socket), id, std::move(remoteAddress), state, std::move(tls)),
        asio::detached);
  }
}

void stopOnLoop(ServerState& state) {
  state.stopping = true;
  error_code ignored;
  state.acceptor.close(ignored);
  state.acceptRetry.cancel();
  state.connections.closeIdle();
}

}  // namespace

HttpServer::HttpServer(asio::io_context& io, ServerOptions options, HttpHandler handler,
                       ServerEventCallback onEvent)
    : state_(std::make_shared<ServerState>(io, std::move(options), std::move(handler),
                                           std::move(onEvent))) {}

HttpServer::HttpServer(asio::io_context& io, ServerOptions options, const Router& router,
                       ServerEventCallback onEvent)
    : HttpServer(io, std::move(options), router.asHandler(), std::move(onEvent)) {}

HttpServer::~HttpServer() {
  stopOnLoop(*state_);
  state_->connections.closeAll();
}

std::expected<void, std::string> HttpServer::listen() {
  const std::string& text = state_->options.listenAddress;
  if (state_->acceptor.is_open()) return std::unexpected("already listening");
  auto where = parseListenAddress(text);
  if (!where) return std::unexpected(std::move(where.error()));

  error_code ec;
  const std::vector<tcp::endpoint> candidates = candidateEndpoints(*where, ec);
  if (candidates.empty()) {
    return std::unexpected("listen on \"" + text + "\": cannot resolve host \"" + where->host +
                           "\": " + ec.message());
  }
  for (const tcp::endpoint& endpoint : candidates) {
    const bool allInterfaces = where->host.empty();
    ec = listenOn(state_->acceptor, endpoint, allInterfaces && endpoint.address().is_v6());
    if (!ec) {
      state_->port = state_->acceptor.local_endpoint(ec).port();
      return {};
    }
    // Only a missing IPv6 stack is worth another try; "in use" or
    // "permission denied" would fail the same way on every candidate.
    const bool ipv6Unavailable = ec == asio::error::address_family_not_supported ||
                                 ec == boost::system::errc::address_not_available;
    if (!ipv6Unavailable) break;
  }
  return std::unexpected("listen on \"" + text + "\": " + ec.message());
}

std::uint16_t HttpServer::port() const { return state_->port; }

void HttpServer::start() {
  if (!state_->acceptor.is_open()) return;
  asio::co_spawn(state_->acceptor.get_executor(), acceptLoop(state_), asio::detached);
}

void HttpServer::stop() {
  asio::dispatch(state_->acceptor.get_executor(), [state = state_] { stopOnLoop(*state); });
}

std::size_t HttpServer::openConnections() const { return state_->connections.size(); }

}  // namespace unyo::exporter
