#pragma once

// Certificates made at test run time with OpenSSL's APIs (P-256 keys,
// SHA-256 signatures), so the TLS tests never rot: nothing is committed
// under tests/fixtures/tls, and validity is always relative to the test's
// own clock. A CA, certificates it issues (for "localhost" and 127.0.0.1 by
// default), intermediates, and self-signed certificates.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace unyo::testing {

struct CertificateRequest {
  std::string commonName = "localhost";
  std::vector<std::string> dnsNames{"localhost"};
  std::vector<std::string> ipAddresses{"127.0.0.1"};
  std::int64_t notBeforeUnix = 0;
  std::int64_t notAfterUnix = 0;
};

struct PemCredentials {
  std::string certificatePem;  // the certificate, then any intermediates
  std::string privateKeyPem;
};

class TestCertificateAuthority {
 public:
  TestCertificateAuthority(std::string name, std::int64_t notBeforeUnix, std::int64_t notAfterUnix);
  ~TestCertificateAuthority();
  TestCertificateAuthority(TestCertificateAuthority&&) noexcept;
  TestCertificateAuthority& operator=(TestCertificateAuthority&&) noexcept;

  const std::string& certificatePem() const { return certificatePem_; }
  // A server certificate signed by this CA.
  PemCredentials issue(const CertificateRequest& request) const;
  // A CA below this one; its certificatePem() is the intermediate alone.
  TestCertificateAuthority issueIntermediate(std::string name, std::int64_t notBeforeUnix,
                                             std::int64_t notAfterUnix) const;

 private:
  struct Keys;
  explicit TestCertificateAuthority(std::unique_ptr<Keys> keys);

  std::unique_ptr<Keys> keys_;
  std::string certificatePem_;
};

// A server certificate that signs itself.
PemCredentials makeSelfSigned(const CertificateRequest& request);

}  // namespace unyo::testing
