#pragma once

// Certificates for TLS tests, made by the real `openssl` command in a test's
// own directory: a CA, a server certificate for localhost, 127.0.0.1 and
// ::1, and client certificates with the SANs a test asks for. EC P-256 keys,
// valid for two days: quick to make, and nothing outlives the test.

#include <filesystem>
#include <string>

namespace unyo::testing {

struct KeyPair {
  std::filesystem::path cert;
  std::filesystem::path key;
};

class TestCertificates {
 public:
  // Makes the CA (ca.crt, ca.key) and the server pair (server.crt,
  // server.key) under `dir`. Fails the test (and returns) if openssl does.
  explicit TestCertificates(std::filesystem::path dir);

  const std::filesystem::path& caCert() const { return caCert_; }
  const KeyPair& server() const { return server_; }
  bool ok() const { return ok_; }

  // A certificate signed by the CA. `san` is openssl's subjectAltName
  // syntax ("DNS:prometheus,URI:spiffe://pref/prometheus"); `serverUse`
  // picks serverAuth instead of clientAuth as the extended key usage.
  KeyPair issue(const std::string& name, const std::string& san, bool serverUse = false) const;

  // A second, self-signed CA and a client certificate from it: a stranger.
  KeyPair selfSigned(const std::string& name, const std::string& san) const;

  // The subject CN of the certificate a TLS server on 127.0.0.1:`port`
  // presents, as `openssl s_client` sees it; empty if the handshake failed.
  static std::string servedCommonName(int port, const std::filesystem::path& caCert);

 private:
  std::filesystem::path dir_;
  std::filesystem::path caCert_;
  std::filesystem::path caKey_;
  KeyPair server_;
  bool ok_ = false;
};

}  // namespace unyo::testing
