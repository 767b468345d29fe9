#pragma once

// What unyo reports about an X.509 certificate, read from a PEM file or from
// a TLS peer: who it is for, who issued it, and when it expires. Reusable for
// the unyo_tls_cert_expiry_timestamp_seconds metric:
//
//   auto cert = inspectPemFile("/etc/nginx/tls/server.pem");
//   if (cert) gauge.Set(static_cast<double>(cert->notAfterUnix));
//
// For a server, see probeTlsCertificate() in playbooks/net/tls_probe.h.

#include <openssl/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/error.h"

namespace unyo::playbooks::net {

struct CertificateInfo {
  std::string subject;     // RFC 2253 with UTF-8 kept: "CN=www.example.lg.jp,O=..."
  std::string issuer;      // the same form
  std::string commonName;  // the subject's CN, "" when it has none
  std::int64_t notBeforeUnix = 0;
  std::int64_t notAfterUnix = 0;
};

// Every certificate in a PEM file, in file order (other PEM blocks, such as
// a private key, are skipped). An error when there is none.
Expected<std::vector<CertificateInfo>> readPemCertificates(const std::string& path);

// The file's first certificate or, with `wholeChain`, the one that expires first.
Expected<CertificateInfo> inspectPemFile(const std::string& path, bool wholeChain = false);

// Describes a certificate OpenSSL holds (the TLS probe's peer).
Expected<CertificateInfo> describeCertificate(X509* certificate);

// Whole days from `now` until the certificate expires, rounded down: 0 on
// its last day, negative once expired.
std::int64_t daysLeft(const CertificateInfo& certificate, Clock::WallTime now);

// "2026-12-10T09:00:00Z"
std::string formatIsoUtc(std::int64_t unixSeconds);

}  // namespace unyo::playbooks::net
