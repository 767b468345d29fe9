// The TLS context a web config builds, with certificates the real openssl
// command makes: what loads, and where a file that does not is reported.

#include "exporter/tls_context.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "exporter/web_config_watcher.h"
#include "support/child_process.h"
#include "support/test_certificates.h"

namespace unyo::exporter {
namespace {

using ::testing::HasSubstr;
using unyo::testing::TempDir;
using unyo::testing::TestCertificates;
using unyo::testing::writeFile;

class TlsContextTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(pki_.ok()) << "openssl could not make certificates"; }

  std::expected<ActiveWebConfig, Diagnostics> load(const std::string& text) {
    writeFile(file_, text);
    return loadWebConfig(file_);
  }
  std::string serverPair() const {
    return "  cert_file: " + pki_.server().cert.string() +
           "\n  key_file: " + pki_.server().key.string() + "\n";
  }

  TempDir dir_;
  std::filesystem::path file_ = dir_.path() / "web.yml";
  TestCertificates pki_{dir_.path() / "pki"};
};

TEST_F(TlsContextTest, BuildsAContextFromFilesAndFromInlinePem) {
  auto fromFiles = load("tls_server_config:\n" + serverPair() +
                        "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: " +
                        pki_.caCert().string() + "\n  client_allowed_sans: [prometheus]\n");
  ASSERT_TRUE(fromFiles) << fromFiles.error().toString();
  EXPECT_TRUE(fromFiles->tls);

  const auto indent = [](const std::string& pem) {
    std::string out;
    for (char c : pem) out += c == '\n' ? std::string("\n    ") : std::string(1, c);
    return out;
  };
  auto inlined = load("tls_server_config:\n  cert: |\n    " +
                      indent(unyo::testing::readFile(pki_.server().cert)) + "\n  key: |\n    " +
                      indent(unyo::testing::readFile(pki_.server().key)) + "\n");
  ASSERT_TRUE(inlined) << inlined.error().toString();
  EXPECT_TRUE(inlined->tls);
}

TEST_F(TlsContextTest, RelativeCertificatePathsAreFromTheWebConfigsFolder) {
  auto loaded =
      load("tls_server_config:\n  cert_file: pki/server.crt\n  key_file: pki/server.key\n");
  ASSERT_TRUE(loaded) << loaded.error().toString();
}

TEST_F(TlsContextTest, AMissingKeyFileIsReportedAtItsLine) {
  auto loaded = load("tls_server_config:\n  cert_file: " + pki_.server().cert.string() +
                     "\n  key_file: missing.key\n");
  ASSERT_FALSE(loaded);
  const std::string errors = loaded.error().toString();
  EXPECT_THAT(errors, HasSubstr(file_.string() + ":3:13: cannot read key_file"));
  EXPECT_THAT(errors, HasSubstr("missing.key"));
}

TEST_F(TlsContextTest, AKeyOfAnotherCertificateIsRefused) {
  const auto other = pki_.issue("other", "DNS:other", true);
  auto loaded = load("tls_server_config:\n  cert_file: " + pki_.server().cert.string() +
                     "\n  key_file: " + other.key.string() + "\n");
  ASSERT_FALSE(loaded);
  EXPECT_THAT(loaded.error().toString(),
              HasSubstr(":3:13: key_file does not match the certificate"));
}

TEST_F(TlsContextTest, FilesThatAreNotPemAreRefused) {
  writeFile(dir_.path() / "junk.pem", "not a certificate\n");
  auto badCert =
      load("tls_server_config:\n  cert_file: junk.pem\n  key_file: " + pki_.server().key.string() +
           "\n");
  ASSERT_FALSE(badCert);
  EXPECT_THAT(badCert.error().toString(), HasSubstr(":2:14: cert_file holds no PEM certificate"));
  auto badCa = load("tls_server_config:\n" + serverPair() +
                    "  client_auth_type: VerifyClientCertIfGiven\n  client_ca_file: junk.pem\n");
  ASSERT_FALSE(badCa);
  EXPECT_THAT(badCa.error().toString(),
              HasSubstr(":5:19: client_ca_file holds no PEM certificate"));
}

TEST_F(TlsContextTest, ARotatedCertificateIsPickedUpByTheWatcher) {
  writeFile(file_, "tls_server_config:\n  cert_file: live.crt\n  key_file: live.key\n");
  std::filesystem::copy_file(pki_.server().cert, dir_.path() / "live.crt");
  std::filesystem::copy_file(pki_.server().key, dir_.path() / "live.key");
  std::vector<std::string> reports;
  auto watcher = WebConfigWatcher::open(file_, [&](bool ok, const std::string& message) {
    reports.push_back((ok ? "ok: " : "failed: ") + message);
  });
  ASSERT_TRUE(watcher) << watcher.error().toString();
  const TlsContextPtr first = (*watcher)->current()->tls;
  EXPECT_EQ((*watcher)->current()->tls, first);  // nothing changed: the same context

  // Half a rotation (the new certificate, the old key) is refused and the
  // old context stays; the other half completes it.
  const auto next = pki_.issue("server-next", "DNS:localhost,IP:127.0.0.1", true);
  std::filesystem::copy_file(next.cert, dir_.path() / "live.crt",
                             std::filesystem::copy_options::overwrite_existing);
  EXPECT_EQ((*watcher)->current()->tls, first);
  std::filesystem::copy_file(next.key, dir_.path() / "live.key",
                             std::filesystem::copy_options::overwrite_existing);
  EXPECT_NE((*watcher)->current()->tls, first);
  ASSERT_EQ(reports.size(), 2U);
  EXPECT_THAT(reports[0], HasSubstr("failed: "));
  EXPECT_THAT(reports[0], HasSubstr("does not match"));
  EXPECT_THAT(reports[1], HasSubstr("ok: "));
}

TEST_F(TlsContextTest, TurningTlsOnOrOffWhileRunningIsRefused) {
  // Valid either way: only the switch itself can be the reason to refuse.
  const std::string tls = "tls_server_config:\n" + serverPair();
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"", tls},
                                 std::pair<std::string, std::string>{tls, "# plain\n"}}) {
    writeFile(file_, from);
    std::vector<std::string> reports;
    auto watcher = WebConfigWatcher::open(file_, [&](bool ok, const std::string& message) {
      reports.push_back((ok ? "ok: " : "failed: ") + message);
    });
    ASSERT_TRUE(watcher) << watcher.error().toString();
    const bool servedTls = (*watcher)->servesTls();
    EXPECT_EQ(servedTls, !from.empty());
    writeFile(file_, to);
    EXPECT_EQ((*watcher)->current()->tls != nullptr, servedTls);
    ASSERT_EQ(reports.size(), 1U);
    EXPECT_THAT(reports[0], HasSubstr("failed: "));
    EXPECT_THAT(reports[0], HasSubstr("needs a restart"));
  }
}

TEST(SanMatchTest, ComparesExactTextOfAnySan) {
  EXPECT_TRUE(anySanAllowed({"scraper", "127.0.0.1"}, {"127.0.0.1"}));
  EXPECT_TRUE(anySanAllowed({"spiffe://pref/prom"}, {"x", "spiffe://pref/prom"}));
  EXPECT_FALSE(anySanAllowed({"Scraper"}, {"scraper"}));
  EXPECT_FALSE(anySanAllowed({"scraper.evil"}, {"scraper"}));
  EXPECT_FALSE(anySanAllowed({}, {"scraper"}));
}

}  // namespace
}  // namespace unyo::exporter
