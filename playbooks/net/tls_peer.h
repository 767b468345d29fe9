#pragma once

// Whom unyo's TLS clients trust and which name they expect: plain OpenSSL
// calls shared by the HTTP client and the certificate probe, so both verify
// the same way. (Asio's SSL types stay inside the .cpp files.)

#include <openssl/types.h>

#include <ctime>
#include <optional>
#include <string>

#include "base/error.h"

namespace unyo::playbooks::net {

struct TlsOptions {
  std::string caFile;  // a PEM bundle to trust instead of the system's store
  // A client certificate chain and its key (PEM), for servers that ask for one.
  std::string certFile;
  std::string keyFile;
  // The name to verify the certificate for and send as SNI; empty: the URL's host.
  std::string serverName;
  bool tls13Only = false;  // min_version TLS13; otherwise TLS 1.2 or newer
  // For tests only: accept any certificate for any name. A check that skips
  // verification cannot tell the real server from an impostor.
  bool insecureSkipVerify = false;
};

// Trusts `caFile` when given, otherwise the system's default store
// (/etc/ssl/certs on Debian).
Expected<void> loadTrust(SSL_CTX* context, const std::string& caFile);

// Presents `certFile` with `keyFile` (checked to belong together) and sets
// the lowest protocol version; nothing when no certificate is given.
Expected<void> loadClientIdentity(SSL_CTX* context, const TlsOptions& options);

// Sends `name` as SNI (unless it is an IP address, which SNI cannot carry)
// and makes verification check the certificate for it (a DNS name, or an IP
// address against the certificate's IP SANs). With `verifyAt`, verification
// judges validity at that time instead of now.
Expected<void> expectPeerName(SSL* ssl, const std::string& name,
                              std::optional<std::time_t> verifyAt = std::nullopt);

// OpenSSL's reason the peer's chain did not verify ("self-signed
// certificate", "hostname mismatch"), or "" when it did.
std::string verifyErrorText(const SSL* ssl);

}  // namespace unyo::playbooks::net
