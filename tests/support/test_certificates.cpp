#include "support/test_certificates.h"

#include <fstream>

#include "support/shell.h"

namespace unyo::testing {
namespace {

constexpr std::string_view kNewKey = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";

std::string quoted(const std::filesystem::path& path) { return shellQuote(path); }

}  // namespace

TestCertificates::TestCertificates(std::filesystem::path dir) : dir_(std::move(dir)) {
  std::filesystem::create_directories(dir_);
  caCert_ = dir_ / "ca.crt";
  caKey_ = dir_ / "ca.key";
  const std::string makeCa =
      "openssl req -x509 " + std::string(kNewKey) + " -keyout " + quoted(caKey_) + " -out " +
      quoted(caCert_) +
      " -days 2 -subj /CN=unyo-test-ca -addext basicConstraints=critical,CA:TRUE"
      " -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null";
  if (runShell(makeCa) != 0) return;
  server_ = issue("server", "DNS:localhost,IP:127.0.0.1,IP:::1", true);
  ok_ = std::filesystem::exists(server_.cert);
}

KeyPair TestCertificates::issue(const std::string& name, const std::string& san,
                                bool serverUse) const {
  KeyPair pair{dir_ / (name + ".crt"), dir_ / (name + ".key")};
  const auto csr = dir_ / (name + ".csr");
  const auto extensions = dir_ / (name + ".ext");
  std::ofstream(extensions) << "subjectAltName=" << san
                            << "\nextendedKeyUsage=" << (serverUse ? "serverAuth" : "clientAuth")
                            << "\n";
  const std::string command =
      "openssl req " + std::string(kNewKey) + " -keyout " + quoted(pair.key) + " -out " +
      quoted(csr) + " -subj /CN=" + name + " 2>/dev/null && openssl x509 -req -in " + quoted(csr) +
      " -CA " + quoted(caCert_) + " -CAkey " + quoted(caKey_) + " -CAcreateserial -CAserial " +
      quoted(dir_ / "ca.srl") + " -days 2 -extfile " + quoted(extensions) + " -out " +
      quoted(pair.cert) + " 2>/dev/null";
  if (runShell(command) != 0) return {};
  return pair;
}

KeyPair TestCertificates::selfSigned(const std::string& name, const std::string& san) const {
  KeyPair pair{dir_ / (name + ".crt"), dir_ / (name + ".key")};
  const std::string command = "openssl req -x509 " + std::string(kNewKey) + " -keyout " +
                              quoted(pair.key) + " -out " + quoted(pair.cert) +
                              " -days 2 -subj /CN=" + name + " -addext subjectAltName=" + san +
                              " 2>/dev/null";
  if (runShell(command) != 0) return {};
  return pair;
}

std::string TestCertificates::servedCommonName(int port, const std::filesystem::path& caCert) {
  const std::string command = "openssl s_client -connect 127.0.0.1:" + std::to_string(port) +
                              " -CAfile " + quoted(caCert) +
                              " </dev/null 2>/dev/null | openssl x509 -noout -subject 2>/dev/null";
  const std::string subject = captureShell(command);
  const auto at = subject.find("CN = ");
  if (at == std::string::npos) return {};
  std::string name = subject.substr(at + 5);
  while (!name.empty() && (name.back() == '\n' || name.back() == '\r')) name.pop_back();
  return name;
}

}  // namespace unyo::testing
