// The TLS certificate probe. Asio SSL stays in this file.

#include "playbooks/net/tls_probe.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>
#include <memory>

#include "playbooks/net/connect.h"
#include "playbooks/net/tls_peer.h"
#include "playbooks/net/watchdog.h"

namespace unyo::playbooks::net {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

asio::awaitable<Expected<TlsProbeResult>> probe(const TlsProbeTarget& target,
                                                std::chrono::milliseconds timeout) {
  const std::string name = target.serverName.empty() ? target.host : target.serverName;
  asio::ssl::context context(asio::ssl::context::tls_client);
  auto trust = loadTrust(context.native_handle(), target.caFile);
  if (!trust) co_return std::unexpected(trust.error());
  // Verification runs and records its result; it just does not end the handshake.
  context.set_verify_mode(asio::ssl::verify_none);

  const auto executor = co_await asio::this_coro::executor;
  Watchdog watchdog(executor, timeout);
  auto socket = co_await connectTcp(target.host, target.port, watchdog);
  if (!socket) co_return std::unexpected(socket.error());

  asio::ssl::stream<tcp::socket> stream(std::move(*socket), context);
  auto peer = expectPeerName(stream.native_handle(), name, target.verifyAt);
  if (!peer) co_return std::unexpected(peer.error());

  boost::system::error_code ec;
  {
    auto abortHandshake = [&stream] { closeQuietly(stream.next_layer()); };
    auto watching = watchdog.watch(std::move(abortHandshake));
    co_await stream.async_handshake(asio::ssl::stream_base::client,
                                    asio::redirect_error(asio::use_awaitable, ec));
  }
  if (watchdog.expired()) co_return fail(watchdog.timeoutMessage());
  if (ec) co_return fail("TLS handshake failed: " + describeNetworkError(ec));

  std::unique_ptr<X509, decltype(&X509_free)> peerCertificate(
      SSL_get1_peer_certificate(stream.native_handle()), &X509_free);
  if (!peerCertificate) co_return fail("the server sent no certificate");
  auto info = describeCertificate(peerCertificate.get());
  if (!info) co_return std::unexpected(info.error());

  TlsProbeResult result;
  result.certificate = std::move(*info);
  result.verifyError = verifyErrorText(stream.native_handle());
  result.verified = result.verifyError.empty();
  // No close_notify: the probe only wanted the certificate, and waiting for
  // the server's reply could only add a timeout.
  closeQuietly(stream.next_layer());
  co_return result;
}

}  // namespace

asio::awaitable<Expected<TlsProbeResult>> probeTlsCertificate(TlsProbeTarget target,
                                                              std::chrono::milliseconds timeout) {
  try {
    co_return co_await probe(target, timeout);
  } catch (const std::exception& e) {  // Asio's SSL objects throw when OpenSSL cannot allocate
    co_return fail(std::string("TLS probe failed: ") + e.what());
  }
}

}  // namespace unyo::playbooks::net
