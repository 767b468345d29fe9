#pragma once

// Reads a TLS server's certificate: connect, complete the handshake WITHOUT
// failing on verification (an expired or self-signed certificate is exactly
// what an expiry check must still see), and report whether it verified.
//
//   auto probed = co_await probeTlsCertificate(target, std::chrono::seconds(10));
//   if (probed) gauge.Set(static_cast<double>(probed->certificate.notAfterUnix));

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <optional>
#include <string>

#include "base/error.h"
#include "playbooks/net/certificate_info.h"

namespace unyo::playbooks::net {

struct TlsProbeTarget {
  std::string host;
  std::uint16_t port = 443;
  std::string serverName;  // sent as SNI and checked against the certificate; "" = host
  std::string caFile;      // trust this PEM bundle instead of the system's store
  std::optional<std::time_t> verifyAt;  // judge validity at this time instead of now
};

struct TlsProbeResult {
  CertificateInfo certificate;  // the server's own certificate
  bool verified = false;        // chain and name verified
  std::string verifyError;      // OpenSSL's reason when not: "certificate has expired"
};

// Runs on the calling coroutine's executor, all of it within `timeout`.
boost::asio::awaitable<Expected<TlsProbeResult>> probeTlsCertificate(
    TlsProbeTarget target, std::chrono::milliseconds timeout);

}  // namespace unyo::playbooks::net
