// One HTTP/1.1 exchange over TCP or TLS. The only translation unit of the
// playbooks library with Beast in it (slow to compile: keep it that way).

#include "playbooks/net/http_exchange.h"

#include <algorithm>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cstdint>
#include <exception>
#include <limits>
#include <vector>

#include "playbooks/net/connect.h"
#include "playbooks/net/tls_peer.h"

namespace unyo::playbooks::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using boost::system::error_code;
using BeastRequest = http::request<http::string_body>;
using TlsStream = asio::ssl::stream<tcp::socket>;

constexpr unsigned kHttp11 = 11;
constexpr std::uint32_t kHeaderLimit = 64 * 1024;  // big cookies happen
constexpr std::size_t kReadChunk = 16 * 1024;

tcp::socket& socketOf(tcp::socket& stream) { return stream; }
tcp::socket& socketOf(TlsStream& stream) { return stream.next_layer(); }

bool isFramingField(std::string_view name) {
  return headerNameEquals(name, "content-length") || headerNameEquals(name, "transfer-encoding") ||
         headerNameEquals(name, "connection");
}

Expected<BeastRequest> buildRequest(const HttpClientRequest& request) {
  try {
    BeastRequest message;
    message.version(kHttp11);
    message.method_string(request.method);
    message.target(request.url.target);
    message.set(http::field::host, request.url.authority());
    message.set(http::field::user_agent, "unyo");
    for (const auto& [name, value] : request.headers) {
      if (!isFramingField(name)) message.set(name, value);  // may replace Host or User-Agent
    }
    // One request per connection keeps the client simple and never leaves
    // a half-read response behind.
    message.set(http::field::connection, "close");
    message.body() = request.body;
    message.prepare_payload();
    return message;
  } catch (const std::exception& e) {  // Beast refuses oversized fields by throwing
    return fail(std::string("cannot build the request: ") + e.what());
  }
}

std::string describeReadError(const error_code& ec) {
  if (ec == http::error::end_of_stream || ec == http::error::partial_message) {
    return "the server closed the connection before a complete response";
  }
  return describeNetworkError(ec);
}

template <class Stream>
asio::awaitable<Expected<HttpClientResponse>> exchangeOn(Stream& stream,
                                                         const BeastRequest& message,
                                                         const HttpClientRequest& request,
                                                         Watchdog& watchdog) {
  auto abortExchange = [&stream] { closeQuietly(socketOf(stream)); };
  auto watching = watchdog.watch(std::move(abortExchange));
  error_code ec;
  co_await http::async_write(stream, message, asio::redirect_error(asio::use_awaitable, ec));
  if (watchdog.expired()) co_return fail(watchdog.timeoutMessage());
  if (ec) co_return fail("sending the request failed: " + describeNetworkError(ec));

  beast::flat_buffer buffer;
  http::response_parser<http::buffer_body> parser;
  parser.header_limit(kHeaderLimit);
  // The loop below caps what it keeps. Not boost::none: Beast 1.74 compares
  // Content-Length with an empty optional and reports body_limit.
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());
  if (request.method == "HEAD") parser.skip(true);
  co_await http::async_read_header(stream, buffer, parser,
                                   asio::redirect_error(asio::use_awaitable, ec));
  if (watchdog.expired()) co_return fail(watchdog.timeoutMessage());
  if (ec) co_return fail("reading the response failed: " + describeReadError(ec));

  HttpClientResponse response;
  response.url = request.url;
  response.status = static_cast<int>(parser.get().result_int());
  for (const auto& field : parser.get()) {
    response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  std::vector<char> chunk(kReadChunk);
  while (!parser.is_done()) {
    parser.get().body().data = chunk.data();
    parser.get().body().size = chunk.size();
    co_await http::async_read(stream, buffer, parser,
                              asio::redirect_error(asio::use_awaitable, ec));
    const std::size_t got = chunk.size() - parser.get().body().size;
    const std::size_t room = request.maxBody - response.body.size();
    response.body.append(chunk.data(), std::min(got, room));
    if (ec == http::error::need_buffer) ec = {};
    // A body that ends when the server closes may end without TLS's
    // close_notify; the bytes are all there.
    if (ec == asio::ssl::error::stream_truncated && parser.need_eof()) parser.put_eof(ec);
    if (watchdog.expired()) co_return fail(watchdog.timeoutMessage());
    if (ec) co_return fail("reading the response failed: " + describeReadError(ec));
    if (got > room || (response.body.size() == request.maxBody && !parser.is_done())) {
      response.truncated = true;  // the rest is left unread; closing drops it
      break;
    }
  }
  closeQuietly(socketOf(stream));
  co_return response;
}

}  // namespace

asio::awaitable<Expected<HttpClientResponse>> exchangeOnce(const HttpClientRequest& request,
                                                           Watchdog& watchdog) {
  auto message = buildRequest(request);
  if (!message) co_return std::unexpected(message.error());
  auto socket =
      co_await connectTcp(request.url.host, request.url.port, request.addresses, watchdog);
  if (!socket) co_return std::unexpected(socket.error());
  if (!request.url.isHttps()) {
    tcp::socket plain = std::move(*socket);
    co_return co_await exchangeOn(plain, *message, request, watchdog);
  }

  asio::ssl::context context(asio::ssl::context::tls_client);
  if (request.tls.insecureSkipVerify) {
    context.set_verify_mode(asio::ssl::verify_none);
  } else {
    auto trust = loadTrust(context.native_handle(), request.tls.caFile);
    if (!trust) co_return std::unexpected(trust.error());
    context.set_verify_mode(asio::ssl::verify_peer);
  }
  if (auto identity = loadClientIdentity(context.native_handle(), request.tls); !identity) {
    co_return std::unexpected(identity.error());
  }
  TlsStream stream(std::move(*socket), context);
  auto peer =
      expectPeerName(stream.native_handle(),
                     request.tls.serverName.empty() ? request.url.host : request.tls.serverName);
  if (!peer) co_return std::unexpected(peer.error());
  error_code ec;
  {
    auto abortHandshake = [&stream] { closeQuietly(stream.next_layer()); };
    auto watching = watchdog.watch(std::move(abortHandshake));
    co_await stream.async_handshake(asio::ssl::stream_base::client,
                                    asio::redirect_error(asio::use_awaitable, ec));
  }
  if (watchdog.expired()) co_return fail(watchdog.timeoutMessage());
  if (ec) {
    const std::string reason = verifyErrorText(stream.native_handle());
    if (!reason.empty()) co_return fail("certificate verify failed: " + reason);
    co_return fail("TLS handshake failed: " + describeNetworkError(ec));
  }
  // No close_notify at the end: with Connection: close the response is
  // complete once read, and waiting for the server's part could only time out.
  co_return co_await exchangeOn(stream, *message, request, watchdog);
}

}  // namespace unyo::playbooks::net
