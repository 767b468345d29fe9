#pragma once

// Turns a tls_server_config into the OpenSSL server context new
// connections handshake with: certificate chain and key, client CAs and
// the client-certificate policy, protocol versions, TLS 1.2 cipher suites,
// curves, and the client_allowed_sans check on the client's certificate.
// A context is immutable once built: a reload builds a new one and
// connections already open keep theirs.

#include <expected>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "exporter/web_config.h"

namespace boost::asio::ssl {
class context;
}

namespace unyo::exporter {

using TlsContextPtr = std::shared_ptr<boost::asio::ssl::context>;

// Reads the certificate, key and client CA (files or inline PEM) and builds
// the context. A file that cannot be read, PEM that does not parse or a key
// that does not match the certificate is reported at its key in the web
// config file.
std::expected<TlsContextPtr, Diagnostics> buildTlsContext(const TlsServerConfig& config);

// Whether one of a certificate's SANs is in `allowed`, compared as
// exporter-toolkit does: exact text of DNS names, e-mail addresses, IP
// addresses (as inet_ntop writes them) and URIs.
bool anySanAllowed(const std::vector<std::string>& sans, const std::vector<std::string>& allowed);

}  // namespace unyo::exporter
