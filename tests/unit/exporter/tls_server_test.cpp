// The HTTP server over TLS, checked with the real curl and openssl
// commands: HTTPS, client certificates and their SANs, protocol versions,
// the handshake deadline and certificate rotation without a restart.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>

#include "exporter/web_config_watcher.h"
#include "server_fixture.h"
#include "support/child_process.h"
#include "support/http_client.h"
#include "support/shell.h"
#include "support/test_certificates.h"

namespace unyo::exporter {
namespace {

using testing::ServerFixture;
using testing::testServerOptions;
using unyo::testing::captureShell;
using unyo::testing::KeyPair;
using unyo::testing::shellQuote;
using unyo::testing::TempDir;
using unyo::testing::TestCertificates;
using unyo::testing::writeFile;

class TlsServerTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(pki_.ok()) << "openssl could not make certificates"; }

  // Starts a server whose web config is `tlsLines` under tls_server_config
  // (the server pair is added).
  void start(const std::string& tlsLines = "",
             std::chrono::milliseconds idle = std::chrono::seconds(10)) {
    writeFile(webConfig_,
              "tls_server_config:\n  cert_file: live.crt\n  key_file: live.key\n" + tlsLines);
    std::filesystem::copy_file(pki_.server().cert, dir_.path() / "live.crt",
                               std::filesystem::copy_options::overwrite_existing);
    std::filesystem::copy_file(pki_.server().key, dir_.path() / "live.key",
                               std::filesystem::copy_options::overwrite_existing);
    auto watcher = WebConfigWatcher::open(webConfig_);
    ASSERT_TRUE(watcher) << watcher.error().toString();
    ServerOptions options = testServerOptions();
    options.webConfig = *watcher;
    options.idleTimeout = idle;
    server_ = std::make_unique<ServerFixture>(options);
  }

  // The HTTP status curl got for /hello ("000" when TLS failed).
  std::string curlStatus(const std::string& extra = "") const {
    return captureShell("curl -s -o /dev/null -w '%{http_code}' --max-time 10 --cacert " +
                        shellQuote(pki_.caCert()) + " " + extra +
                        " https://127.0.0.1:" + std::to_string(server_->port()) + "/hello");
  }
  std::string withCertificate(const KeyPair& pair) const {
    return "--cert " + shellQuote(pair.cert) + " --key " + shellQuote(pair.key);
  }
  std::string clientCaLines(const std::string& policy) const {
    return "  client_auth_type: " + policy + "\n  client_ca_file: " + pki_.caCert().string() + "\n";
  }

  TempDir dir_;
  std::filesystem::path webConfig_ = dir_.path() / "web.yml";
  TestCertificates pki_{dir_.path() / "pki"};
  std::unique_ptr<ServerFixture> server_;
};

TEST_F(TlsServerTest, ServesHttpsToAClientThatTrustsTheCa) {
  start();
  EXPECT_EQ(curlStatus(), "200");
  const std::string body =
      captureShell("curl -s --cacert " + shellQuote(pki_.caCert()) +
                   " https://localhost:" + std::to_string(server_->port()) + "/hello");
  EXPECT_EQ(body, "hello");
  // Plain HTTP on the TLS port gets nowhere.
  EXPECT_FALSE(unyo::testing::httpGet(server_->port(), "/hello").has_value());
}

TEST_F(TlsServerTest, RefusesTls11AndHonoursMinVersion) {
  start("  min_version: TLS13\n");
  const std::string port = std::to_string(server_->port());
  const auto handshakes = [&](const std::string& flag) {
    return unyo::testing::runShell("openssl s_client -connect 127.0.0.1:" + port + " " + flag +
                                   " </dev/null >/dev/null 2>&1") == 0;
  };
  EXPECT_FALSE(handshakes("-tls1_1"));
  EXPECT_FALSE(handshakes("-tls1_2"));
  EXPECT_TRUE(handshakes("-tls1_3"));
}

TEST_F(TlsServerTest, RequireAndVerifyClientCertWantsACertificateFromTheCa) {
  start(clientCaLines("RequireAndVerifyClientCert"));
  EXPECT_EQ(curlStatus(), "000");
  EXPECT_EQ(curlStatus(withCertificate(pki_.issue("prometheus", "DNS:prometheus"))), "200");
  EXPECT_EQ(curlStatus(withCertificate(pki_.selfSigned("stranger", "DNS:prometheus"))), "000");
}

TEST_F(TlsServerTest, ClientAllowedSansRefusesOtherCertificatesOfTheSameCa) {
  start(clientCaLines("RequireAndVerifyClientCert") +
        "  client_allowed_sans: [\"spiffe://pref.example/prometheus\", 192.0.2.10]\n");
  EXPECT_EQ(curlStatus(withCertificate(pki_.issue("prom", "URI:spiffe://pref.example/prometheus"))),
            "200");
  EXPECT_EQ(curlStatus(withCertificate(pki_.issue("by-ip", "IP:192.0.2.10"))), "200");
  EXPECT_EQ(curlStatus(withCertificate(pki_.issue("vendor", "DNS:vendor.example"))), "000");
}

TEST_F(TlsServerTest, VerifyClientCertIfGivenLetsAnonymousClientsInButNotStrangers) {
  start(clientCaLines("VerifyClientCertIfGiven"));
  EXPECT_EQ(curlStatus(), "200");
  EXPECT_EQ(curlStatus(withCertificate(pki_.selfSigned("stranger", "DNS:x"))), "000");
}

TEST_F(TlsServerTest, RequireAnyClientCertTakesAnyCertificateButNeedsOne) {
  start("  client_auth_type: RequireAnyClientCert\n");
  EXPECT_EQ(curlStatus(), "000");
  EXPECT_EQ(curlStatus(withCertificate(pki_.selfSigned("anyone", "DNS:x"))), "200");
}

TEST_F(TlsServerTest, AClientThatNeverHandshakesIsClosedAtTheHeaderDeadline) {
  start("", std::chrono::milliseconds(300));
  unyo::testing::RawConnection silent(server_->port());
  ASSERT_TRUE(silent.connected());
  EXPECT_TRUE(silent.waitForClose());
  // The deadline closes the socket first; the failed handshake is reported
  // right after, on the server's thread.
  const auto reported = [&] {
    for (const auto& event : server_->events()) {
      if (event.find("tls_handshake_failed") != std::string::npos) return true;
    }
    return false;
  };
  EXPECT_TRUE(unyo::testing::waitUntil(reported, std::chrono::seconds(10)));
}

TEST_F(TlsServerTest, NewConnectionsSeeARotatedCertificateWithoutARestart) {
  start();
  EXPECT_EQ(TestCertificates::servedCommonName(server_->port(), pki_.caCert()), "server");
  const KeyPair next = pki_.issue("server-2027", "DNS:localhost,IP:127.0.0.1", true);
  // As certbot and most tools do: write elsewhere, rename into place.
  std::filesystem::copy_file(next.cert, dir_.path() / "live.crt.new");
  std::filesystem::copy_file(next.key, dir_.path() / "live.key.new");
  std::filesystem::rename(dir_.path() / "live.key.new", dir_.path() / "live.key");
  std::filesystem::rename(dir_.path() / "live.crt.new", dir_.path() / "live.crt");
  EXPECT_EQ(TestCertificates::servedCommonName(server_->port(), pki_.caCert()), "server-2027");
  EXPECT_EQ(curlStatus(), "200");
}

}  // namespace
}  // namespace unyo::exporter
