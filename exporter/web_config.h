#pragma once

// The web configuration file node_exporter and Prometheus take with
// --web.config.file (the Prometheus exporter-toolkit format), read into
// plain options. The same file works for unyo and node_exporter:
//
//   tls_server_config:   cert_file/cert, key_file/key, client_auth_type,
//                        client_ca_file/client_ca, client_allowed_sans,
//                        min_version, max_version, cipher_suites,
//                        curve_preferences, prefer_server_cipher_suites
//   http_server_config:  http2, headers
//   basic_auth_users:    user: bcrypt hash
//   rate_limit:          interval, burst
//
// Stricter than exporter-toolkit where its leniency is a trap, each an
// error with FILE:LINE:COL: TLS10/TLS11, a client CA without a client-cert
// policy (as exporter-toolkit) or a verifying policy without a CA,
// client_allowed_sans with a policy that does not verify the certificate
// (anyone can sign a certificate naming any SAN), cert_file and cert both
// set, and a rate limit whose burst refuses every request. Relative paths
// resolve against the file's folder. Reading the certificates is
// tls_context's job; this part needs no OpenSSL.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/error.h"

namespace unyo::exporter {

// exporter-toolkit's client_auth_type values, Go's tls.ClientAuthType.
enum class ClientAuth {
  none,              // NoClientCert: no certificate is asked for
  request,           // RequestClientCert: asked for, not required, not verified
  requireAny,        // RequireAnyClientCert: required, not verified
  verifyIfGiven,     // VerifyClientCertIfGiven: verified when sent
  requireAndVerify,  // RequireAndVerifyClientCert: required and verified
};

enum class TlsVersion { tls12, tls13 };

// PEM text given inline or the file to read it from, and where the key sat
// so that a certificate that will not load is reported at its line.
struct PemSource {
  std::filesystem::path file;  // absolute once loaded
  std::string inlineText;      // exporter-toolkit's cert / key / client_ca
  SourceLocation at;

  bool empty() const { return file.empty() && inlineText.empty(); }
};

struct TlsServerConfig {
  PemSource cert;
  PemSource key;
  PemSource clientCa;
  ClientAuth clientAuth = ClientAuth::none;
  std::vector<std::string> clientAllowedSans;
  TlsVersion minVersion = TlsVersion::tls12;
  TlsVersion maxVersion = TlsVersion::tls13;
  std::string cipherList;  // TLS 1.2 suites in OpenSSL's spelling, ":"-joined; empty: OpenSSL's
  std::string groupList;   // curves in OpenSSL's spelling, ":"-joined; empty: OpenSSL's
  bool preferServerCipherSuites = true;
};

struct RateLimit {
  std::chrono::milliseconds interval{0};  // one request per interval on average
  std::int64_t burst = 0;                 // how many may come at once
};

struct WebConfig {
  std::filesystem::path file;
  std::optional<TlsServerConfig> tls;  // absent: plain HTTP
  bool http2 = true;  // accepted for compatibility; unyo speaks HTTP/1.1 over TLS via ALPN fallback
  std::vector<std::pair<std::string, std::string>> headers;         // added to every response
  std::vector<std::pair<std::string, std::string>> basicAuthUsers;  // user, bcrypt hash
  std::optional<RateLimit> rateLimit;
};

// Parses the text of a web config file; `file` names it in errors and
// anchors relative paths. Every problem is reported, not only the first.
std::expected<WebConfig, Diagnostics> parseWebConfig(std::string_view text,
                                                     const std::filesystem::path& file);

// Reads and parses the file.
std::expected<WebConfig, Diagnostics> readWebConfig(const std::filesystem::path& file);

// True for a bcrypt hash as htpasswd -B and Go's bcrypt write it:
// $2a$, $2b$ or $2y$, a two-digit cost from 04 to 31, 53 characters of salt
// and hash.
bool isBcryptHash(std::string_view hash);

}  // namespace unyo::exporter
