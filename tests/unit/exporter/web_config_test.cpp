// The exporter-toolkit web config file: what it accepts (the same files
// node_exporter takes) and where it points when it refuses.

#include "exporter/web_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace unyo::exporter {
namespace {

using ::testing::HasSubstr;

// bcrypt("secret", cost 4), as htpasswd -nbBC 4 alice secret writes it;
// basic_auth_test checks it against libcrypt.
constexpr std::string_view kAliceHash =
    "$2y$04$cw0tlR37jOVYQ25eDbNd2OoEPpKB8oU7ekmSRiL9jca3nS4P5NWhS";

WebConfig parsed(std::string_view text) {
  auto config = parseWebConfig(text, "/etc/unyo/web.yml");
  EXPECT_TRUE(config.has_value()) << (config ? "" : config.error().toString());
  return config ? *config : WebConfig{};
}

std::string errorsOf(std::string_view text) {
  auto config = parseWebConfig(text, "web.yml");
  EXPECT_FALSE(config.has_value()) << "accepted:\n" << text;
  return config ? "" : config.error().toString();
}

TEST(WebConfigTest, AnEmptyFileMeansPlainHttpWithoutUsers) {
  const WebConfig config = parsed("");
  EXPECT_FALSE(config.tls);
  EXPECT_TRUE(config.basicAuthUsers.empty());
  EXPECT_FALSE(config.rateLimit);
  EXPECT_FALSE(parsed("tls_server_config: {}\n").tls);
}

TEST(WebConfigTest, ReadsEveryTlsKeyAndResolvesPathsAgainstTheFilesFolder) {
  const WebConfig config = parsed(
      "tls_server_config:\n"
      "  cert_file: server.crt\n"
      "  key_file: /etc/ssl/private/server.key\n"
      "  client_auth_type: RequireAndVerifyClientCert\n"
      "  client_ca_file: ca/clients.pem\n"
      "  client_allowed_sans: [prometheus.pref.example, \"spiffe://pref/prom\"]\n"
      "  min_version: TLS13\n"
      "  max_version: TLS13\n"
      "  cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_AES_128_GCM_SHA256,\n"
      "                  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256]\n"
      "  curve_preferences: [X25519, CurveP256]\n"
      "  prefer_server_cipher_suites: false\n");
  ASSERT_TRUE(config.tls);
  const TlsServerConfig& tls = *config.tls;
  EXPECT_EQ(tls.cert.file, "/etc/unyo/server.crt");
  EXPECT_EQ(tls.key.file, "/etc/ssl/private/server.key");
  EXPECT_EQ(tls.clientCa.file, "/etc/unyo/ca/clients.pem");
  EXPECT_EQ(tls.key.at.line, 3);
  EXPECT_EQ(tls.clientAuth, ClientAuth::requireAndVerify);
  EXPECT_THAT(tls.clientAllowedSans,
              ::testing::ElementsAre("prometheus.pref.example", "spiffe://pref/prom"));
  EXPECT_EQ(tls.minVersion, TlsVersion::tls13);
  // TLS 1.3 suite names are accepted, as Go accepts them, and not passed on.
  EXPECT_EQ(tls.cipherList, "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305");
  EXPECT_EQ(tls.groupList, "X25519:P-256");
  EXPECT_FALSE(tls.preferServerCipherSuites);
}

TEST(WebConfigTest, DefaultsAreTls12To13AndNoClientCertificate) {
  const WebConfig config = parsed("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n");
  ASSERT_TRUE(config.tls);
  EXPECT_EQ(config.tls->minVersion, TlsVersion::tls12);
  EXPECT_EQ(config.tls->maxVersion, TlsVersion::tls13);
  EXPECT_EQ(config.tls->clientAuth, ClientAuth::none);
  EXPECT_TRUE(config.tls->preferServerCipherSuites);
}

TEST(WebConfigTest, AcceptsAllFiveClientAuthTypesAndTheOldSpelling) {
  const std::pair<std::string_view, ClientAuth> cases[] = {
      {"NoClientCert", ClientAuth::none},
      {"RequestClientCert", ClientAuth::request},
      {"RequireAnyClientCert", ClientAuth::requireAny},
      {"RequireClientCert", ClientAuth::requireAny},
      {"VerifyClientCertIfGiven", ClientAuth::verifyIfGiven},
      {"RequireAndVerifyClientCert", ClientAuth::requireAndVerify},
  };
  for (const auto& [name, expected] : cases) {
    const bool verifies =
        expected == ClientAuth::verifyIfGiven || expected == ClientAuth::requireAndVerify;
    const std::string text =
        "tls_server_config:\n  cert_file: a\n  key_file: b\n"
        "  client_auth_type: " +
        std::string(name) + "\n" + (verifies ? "  client_ca_file: ca.pem\n" : "");
    const WebConfig config = parsed(text);
    ASSERT_TRUE(config.tls) << name;
    EXPECT_EQ(config.tls->clientAuth, expected) << name;
  }
}

TEST(WebConfigTest, InlinePemIsAcceptedLikeExporterToolkit) {
  const WebConfig config = parsed(
      "tls_server_config:\n  cert: |\n    -----BEGIN CERTIFICATE-----\n    x\n"
      "  key: |\n    -----BEGIN PRIVATE KEY-----\n    y\n");
  ASSERT_TRUE(config.tls);
  EXPECT_THAT(config.tls->cert.inlineText, HasSubstr("BEGIN CERTIFICATE"));
  EXPECT_TRUE(config.tls->cert.file.empty());
}

TEST(WebConfigTest, ReadsHeadersUsersAndRateLimit) {
  const WebConfig config = parsed(
      "http_server_config:\n"
      "  http2: false\n"
      "  headers:\n"
      "    X-Frame-Options: deny\n"
      "    Strict-Transport-Security: max-age=31536000; includeSubDomains\n"
      "basic_auth_users:\n"
      "  alice: " +
      std::string(kAliceHash) +
      "\n"
      "rate_limit:\n  interval: 100ms\n  burst: 20\n");
  EXPECT_FALSE(config.http2);
  EXPECT_THAT(config.headers,
              ::testing::ElementsAre(
                  std::pair<std::string, std::string>{"X-Frame-Options", "deny"},
                  std::pair<std::string, std::string>{"Strict-Transport-Security",
                                                      "max-age=31536000; includeSubDomains"}));
  ASSERT_EQ(config.basicAuthUsers.size(), 1U);
  EXPECT_EQ(config.basicAuthUsers[0].first, "alice");
  ASSERT_TRUE(config.rateLimit);
  EXPECT_EQ(config.rateLimit->interval, std::chrono::milliseconds(100));
  EXPECT_EQ(config.rateLimit->burst, 20);
}

TEST(WebConfigTest, UnknownKeysAreErrorsWithTheirLocationAndASuggestion) {
  const std::string errors = errorsOf("tls_server_config:\n  cert_file: a\n  key_flie: b\n");
  EXPECT_THAT(errors, HasSubstr("web.yml:3:3:"));
  EXPECT_THAT(errors, HasSubstr("key_file"));
  EXPECT_THAT(errorsOf("basic_auth: {}\n"), HasSubstr("web.yml:1:1:"));
}

TEST(WebConfigTest, RefusesContradictionsWhereTheyAreWritten) {
  // A client CA with no policy that asks for certificates (exporter-toolkit too).
  EXPECT_THAT(errorsOf("tls_server_config:\n  cert_file: a\n  key_file: b\n"
                       "  client_ca_file: ca.pem\n"),
              HasSubstr("client CAs are configured without a client_auth_type"));
  // Verifying against nothing.
  EXPECT_THAT(errorsOf("tls_server_config:\n  cert_file: a\n  key_file: b\n"
                       "  client_auth_type: RequireAndVerifyClientCert\n"),
              HasSubstr("web.yml:4:21: client_auth_type verifies client certificates"));
  // SANs of a certificate nobody verified prove nothing.
  EXPECT_THAT(errorsOf("tls_server_config:\n  cert_file: a\n  key_file: b\n"
                       "  client_auth_type: RequireAnyClientCert\n"
                       "  client_allowed_sans: [prometheus]\n"),
              HasSubstr("web.yml:5:24: client_allowed_sans needs"));
  EXPECT_THAT(errorsOf("tls_server_config:\n  cert_file: a\n  cert: x\n  key_file: b\n"),
              HasSubstr("web.yml:3:9: set cert_file or cert, not both"));
  EXPECT_THAT(errorsOf("tls_server_config:\n  cert_file: a\n"),
              HasSubstr("needs key_file (or key)"));
  EXPECT_THAT(errorsOf("tls_server_config:\n  cert_file: a\n  key_file: b\n"
                       "  min_version: TLS13\n  max_version: TLS12\n"),
              HasSubstr("web.yml:4:16: min_version is above max_version"));
}

TEST(WebConfigTest, RefusesBrokenProtocolVersionsAndUnknownNames) {
  EXPECT_THAT(errorsOf("tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: TLS11\n"),
              HasSubstr("web.yml:4:16: min_version TLS11 is refused"));
  EXPECT_THAT(errorsOf("tls_server_config:\n  cert_file: a\n  key_file: b\n  max_version: SSL3\n"),
              HasSubstr("must be TLS12 or TLS13"));
  EXPECT_THAT(errorsOf("tls_server_config:\n  cert_file: a\n  key_file: b\n"
                       "  cipher_suites: [TLS_ECDHE_RSA_WITH_RC4_128_SHA]\n"),
              HasSubstr("web.yml:4:19: unknown cipher suite \"TLS_ECDHE_RSA_WITH_RC4_128_SHA\""));
  EXPECT_THAT(errorsOf("tls_server_config:\n  cert_file: a\n  key_file: b\n"
                       "  curve_preferences: [CurveP999]\n"),
              HasSubstr("unknown curve \"CurveP999\""));
  EXPECT_THAT(errorsOf("tls_server_config:\n  cert_file: a\n  key_file: b\n"
                       "  client_auth_type: TrustEveryone\n"),
              HasSubstr("unknown client_auth_type"));
}

TEST(WebConfigTest, OnlyExporterToolkitsHeadersAndValuesMayBeSet) {
  EXPECT_THAT(errorsOf("http_server_config:\n  headers:\n    Server: unyo\n"),
              HasSubstr("web.yml:3:5: header \"Server\" cannot be configured"));
  EXPECT_THAT(
      errorsOf("http_server_config:\n  headers:\n    X-Frame-Options: allow\n"),
      HasSubstr("web.yml:3:22: invalid value for X-Frame-Options: expected deny or sameorigin"));
  EXPECT_THAT(errorsOf("http_server_config:\n  headers:\n    X-Content-Type-Options: sniff\n"),
              HasSubstr("expected nosniff"));
}

TEST(WebConfigTest, PasswordsMustBeBcryptHashes) {
  const std::string errors =
      errorsOf("basic_auth_users:\n  alice: secret\n  bob: \"$1$abc$def\"\n");
  EXPECT_THAT(errors, HasSubstr("web.yml:2:10: the password of \"alice\" must be a bcrypt hash"));
  EXPECT_THAT(errors, HasSubstr("web.yml:3:8: the password of \"bob\""));
  // The refused value is not repeated: it may be a password typed in clear.
  EXPECT_THAT(errors, ::testing::Not(HasSubstr("secret")));
  EXPECT_THAT(errorsOf("basic_auth_users:\n  \"a:b\": " + std::string(kAliceHash) + "\n"),
              HasSubstr("contains ':'"));
}

TEST(WebConfigTest, ARateLimitThatRefusesEverythingIsAnError) {
  EXPECT_THAT(errorsOf("rate_limit:\n  interval: 1s\n  burst: 0\n"),
              HasSubstr("web.yml:3:10: rate_limit.burst must be at least 1"));
  // No interval: no limit, as exporter-toolkit.
  EXPECT_FALSE(parsed("rate_limit:\n  burst: 5\n").rateLimit);
}

TEST(WebConfigTest, SyntaxErrorsAreLocated) {
  EXPECT_THAT(errorsOf("tls_server_config:\n  cert_file: [a\n"), HasSubstr("web.yml:"));
}

TEST(WebConfigTest, RecognisesBcryptHashes) {
  EXPECT_TRUE(isBcryptHash(kAliceHash));
  EXPECT_TRUE(isBcryptHash("$2b$04$cw0tlR37jOVYQ25eDbNd2OoEPpKB8oU7ekmSRiL9jca3nS4P5NWhS"));
  EXPECT_TRUE(isBcryptHash("$2a$31$cw0tlR37jOVYQ25eDbNd2OoEPpKB8oU7ekmSRiL9jca3nS4P5NWhS"));
  EXPECT_FALSE(isBcryptHash("$2y$03$cw0tlR37jOVYQ25eDbNd2OoEPpKB8oU7ekmSRiL9jca3nS4P5NWhS"));
  EXPECT_FALSE(isBcryptHash("$2x$10$cw0tlR37jOVYQ25eDbNd2OoEPpKB8oU7ekmSRiL9jca3nS4P5NWhS"));
  EXPECT_FALSE(isBcryptHash("$2y$10$cw0tlR37jOVYQ25eDbNd2OoEPpKB8oU7ekmSRiL9jca3nS4P5NWh!"));
  EXPECT_FALSE(isBcryptHash("$2y$10$cw0tlR37jOVYQ25eDbNd2OoEPpKB8oU7ekmSRiL9jca3nS4P5NWhSx"));
  EXPECT_FALSE(isBcryptHash("secret"));
}

}  // namespace
}  // namespace unyo::exporter
