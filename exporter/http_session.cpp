#include "exporter/http_session.h"

#include <algorithm>
#include <array>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "exporter/request_target.h"
#include "exporter/server_state.h"

namespace unyo::exporter {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using boost::system::error_code;
using BeastRequest = http::request<http::string_body>;
using BeastResponse = http::response<http::string_body>;
using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
constexpr unsigned kHttp11 = 11;

bool isHttpParseError(const error_code& ec) {
  return ec.category() == http::make_error_code(http::error::bad_target).category();
}

// Field names and values go to the client verbatim: CR or LF in them would
// let a handler's data forge headers. Beast also refuses (throws on) fields
// of 64 KiB and more.
bool isSafeField(std::string_view name, std::string_view value) {
  constexpr std::string_view kForbidden{"\r\n\0", 3};
  constexpr std::size_t kMaxFieldSize = 32 * 1024;
  return !name.empty() && name.size() <= kMaxFieldSize && value.size() <= kMaxFieldSize &&
         name.find_first_of(kForbidden) == std::string_view::npos &&
         name.find_first_of(" \t:") == std::string_view::npos &&
         value.find_first_of(kForbidden) == std::string_view::npos;
}

// Framing is the server's business, never a handler's.
bool isFramingField(std::string_view name) {
  return equalsIgnoringCase(name, "content-length") ||
         equalsIgnoringCase(name, "transfer-encoding") || equalsIgnoringCase(name, "connection");
}

std::expected<HttpRequest, std::string> toHttpRequest(BeastRequest&& in,
                                                      const std::string& remoteAddress) {
  auto target = parseRequestTarget(in.target());
  if (!target) return std::unexpected(std::move(target.error()));
  HttpRequest out;
  out.method = std::string(in.method_string());
  out.target = std::string(in.target());
  out.path = std::move(target->path);
  out.query = std::move(target->query);
  for (const auto& field : in) {
    out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  out.body = std::move(in.body());
  out.remoteAddress = remoteAddress;
  return out;
}

// One connection over a plain TCP stream or a TLS stream on top of one.
template <class Stream>
class Session {
 public:
  template <class... StreamArgs>
  Session(ConnectionRegistry::Id id, std::string remoteAddress, std::shared_ptr<ServerState> state,
          StreamArgs&&... streamArgs)
      : stream_(std::forward<StreamArgs>(streamArgs)...),
        id_(id),
        remoteAddress_(std::move(remoteAddress)),
        state_(std::move(state)) {}
  ~Session() { state_->connections.remove(id_); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  asio::awaitable<void> run();

 private:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  enum class Next { serveAnother, closeGracefully, closeNow };

  asio::awaitable<Next> serveOneRequest();
  asio::awaitable<Next> answerReadError(const error_code& ec);
  asio::awaitable<HttpResponse> callHandler(const HttpRequest& request);
  asio::awaitable<bool> write(HttpResponse response, unsigned version, bool headOnly,
                              bool keepAlive);
  asio::awaitable<void> drainUntilClientCloses();
  asio::awaitable<bool> handshake();
  BeastResponse toBeastResponse(HttpResponse&& response, unsigned version, bool keepAlive) const;
  beast::tcp_stream& transport() { return beast::get_lowest_layer(stream_); }
  void close() { transport().close(); }

  Stream stream_;
  beast::flat_buffer buffer_;  // outlives one request: a client may pipeline the next
  ConnectionRegistry::Id id_;
  std::string remoteAddress_;
  std::shared_ptr<ServerState> state_;
};

template <class Stream>
asio::awaitable<void> Session<Stream>::run() {
  if (!state_->connections.attach(id_, [this] { close(); })) co_return;  // evicted already
  if constexpr (kTls) {  // plain connections skip the coroutine frame
    if (!co_await handshake()) {
      close();
      co_return;
    }
  }
  Next next = Next::serveAnother;
  while (next == Next::serveAnother) next = co_await serveOneRequest();
  if (next == Next::closeGracefully && !state_->stopping) co_await drainUntilClientCloses();
  close();
}

// TLS first, within the time a request's header has to arrive, so a client
// that never finishes its hello holds a connection no longer than an idle one.
template <class Stream>
asio::awaitable<bool> Session<Stream>::handshake() {
  error_code ec;
  transport().expires_after(state_->options.idleTimeout);
  co_await stream_.async_handshake(asio::ssl::stream_base::server,
                                   asio::redirect_error(asio::use_awaitable, ec));
  transport().expires_never();
  if (ec) {
    state_->report(kEventTlsHandshakeFailed, remoteAddress_ + ": " + ec.message());
    co_return false;
  }
  co_return true;
}

template <class Stream>
asio::awaitable<typename Session<Stream>::Next> Session<Stream>::serveOneRequest() {
  const ServerOptions& options = state_->options;
  http::request_parser<http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(
      std::min<std::size_t>(options.headerLimit, std::numeric_limits<std::uint32_t>::max())));
  parser.body_limit(options.bodyLimit);

  error_code ec;
  transport().expires_after(options.idleTimeout);
  co_await http::async_read_header(stream_, buffer_, parser,
                                   asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return co_await answerReadError(ec);
  state_->connections.beginRequest(id_);

  if (!parser.is_done()) {
    // curl and others wait (up to a second) for this before sending a body.
    if (equalsIgnoringCase(parser.get()[http::field::expect], "100-continue")) {
      transport().expires_after(options.writeTimeout);
      co_await asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                                 asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return Next::closeNow;
    }
    transport().expires_after(options.idleTimeout);
    co_await http::async_read(stream_, buffer_, parser,
                              asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return co_await answerReadError(ec);
  }
  transport().expires_never();

  BeastRequest& beastRequest = parser.get();
  const unsigned version = beastRequest.version();
  const bool headOnly = beastRequest.method() == http::verb::head;
  bool keepAlive = beastRequest.keep_alive();
  auto request = toHttpRequest(std::move(beastRequest), remoteAddress_);

  HttpResponse response;
  if (request) {
    response = co_await callHandler(*request);
  } else {
    response = HttpResponse::jsonError(400, "bad_request", request.error());
    keepAlive = false;
  }
  keepAlive = keepAlive && !state_->stopping;
  if (!co_await write(std::move(response), version, headOnly, keepAlive)) co_return Next::closeNow;
  state_->connections.endRequest(id_);
  // stop() may have come while we were busy, skipping this connection.
  if (state_->stopping) co_return Next::closeNow;
  co_return keepAlive ? Next::serveAnother : Next::closeGracefully;
}

template <class Stream>
asio::awaitable<typename Session<Stream>::Next> Session<Stream>::answerReadError(
    const error_code& ec) {
  HttpResponse response;
  if (ec == http::error::header_limit) {
    response = HttpResponse::jsonError(431, "request_header_too_large",
                                       "the request line and header exceed " +
                                           std::to_string(state_->options.headerLimit) + " bytes");
  } else if (ec == http::error::body_limit) {
    response = HttpResponse::jsonError(
        413, "payload_too_large",
        "the request body exceeds " + std::to_string(state_->options.bodyLimit) + " bytes");
  } else if (isHttpParseError(ec) && ec != http::error::end_of_stream &&
             ec != http::error::partial_message) {
    response = HttpResponse::jsonError(400, "bad_request", ec.message());
  } else {
    // The client left, went quiet past the idle timeout, or we closed the
    // connection: nobody to answer.
    co_return Next::closeNow;
  }
  const bool written = co_await write(std::move(response), kHttp11, false, false);
  co_return written ? Next::closeGracefully : Next::closeNow;
}

template <class Stream>
asio::awaitable<HttpResponse> Session<Stream>::callHandler(const HttpRequest& request) {
  std::string failure;
  try {
    co_return co_await state_->handler(request);
  } catch (const std::exception& e) {
    failure = e.what();
  } catch (...) {
    failure = "unknown exception";
  }
  state_->report(kEventHandlerFailed, request.method + " " + request.path + ": " + failure);
  co_return HttpResponse::jsonError(500, "internal_error", "the request handler failed");
}

template <class Stream>
asio::awaitable<bool> Session<Stream>::write(HttpResponse response, unsigned version, bool headOnly,
                                             bool keepAlive) {
  BeastResponse message = toBeastResponse(std::move(response), version, keepAlive);
  error_code ec;
  transport().expires_after(state_->options.writeTimeout);
  if (headOnly) {
    // HEAD: the header a GET would get, Content-Length included, no body.
    http::response_serializer<http::string_body> serializer(message);
    co_await http::async_write_header(stream_, serializer,
                                      asio::redirect_error(asio::use_awaitable, ec));
  } else {
    co_await http::async_write(stream_, message, asio::redirect_error(asio::use_awaitable, ec));
  }
  transport().expires_never();
  co_return !ec;
}

// After an error response or "Connection: close" the client may still be
// sending; closing with unread data would reset the connection and could
// destroy our response before the client reads it. So stop sending, and read
// until the client closes (or the idle timeout), as nginx's lingering close.
// Over TLS the same: close_notify first, then read until the client is done.
template <class Stream>
asio::awaitable<void> Session<Stream>::drainUntilClientCloses() {
  error_code ec;
  transport().expires_after(state_->options.idleTimeout);
  if constexpr (kTls) {
    co_await stream_.async_shutdown(asio::redirect_error(asio::use_awaitable, ec));
  }
  ec = {};
  transport().socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  std::array<char, 16 * 1024> scratch;
  while (!ec) {
    co_await transport().async_read_some(asio::buffer(scratch),
                                         asio::redirect_error(asio::use_awaitable, ec));
  }
}

template <class Stream>
BeastResponse Session<Stream>::toBeastResponse(HttpResponse&& response, unsigned version,
                                               bool keepAlive) const {
  if (response.status < 200 || response.status > 599) {
    state_->report(kEventBadResponse, "handler returned status " + std::to_string(response.status));
    response = HttpResponse::jsonError(500, "internal_error", "the request handler failed");
  }
  BeastResponse message;
  message.version(version);
  message.result(static_cast<unsigned>(response.status));
  if (!response.contentType.empty() && isSafeField("Content-Type", response.contentType)) {
    message.set(http::field::content_type, response.contentType);
  }
  // A browser must take every body as the type it is sent with (no sniffing
  // a run's output into HTML).
  message.set("X-Content-Type-Options", "nosniff");
  for (const auto& [name, value] : response.headers) {
    if (isFramingField(name)) continue;
    if (!isSafeField(name, value)) {
      state_->report(kEventBadResponse,
                     "dropped a header field that is too long or has forbidden characters");
      continue;
    }
    message.insert(name, value);
  }
  message.keep_alive(keepAlive);
  // 204 and 304 carry no body and must not announce one.
  if (response.status == 204 || response.status == 304) {
    response.body.clear();
  } else {
    message.content_length(response.body.size());
  }
  message.body() = std::move(response.body);
  return message;
}

}  // namespace

asio::awaitable<void> serveConnection(asio::ip::tcp::socket socket, ConnectionRegistry::Id id,
                                      std::string remoteAddress, std::shared_ptr<ServerState> state,
                                      TlsContextPtr tls) {
  try {
    if (tls) {
      // The context is shared by every connection that started under it; a
      // reload builds a new one for the connections after it.
      Session<TlsStream> session(id, std::move(remoteAddress), state, std::move(socket), *tls);
      co_await session.run();
    } else {
      Session<PlainStream> session(id, std::move(remoteAddress), state, std::move(socket));
      co_await session.run();
    }
  } catch (const std::exception& e) {  // e.g. out of memory while building a response
    state->report(kEventConnectionFailed, e.what());
  }
}

}  // namespace unyo::exporter
