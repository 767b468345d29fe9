#include <gtest/gtest.h>

#include "agent/config/config.h"

namespace unyo::agent {
namespace {

using namespace std::chrono_literals;

constexpr const char* kIdentity = R"(identity:
  lg_code: "131016"
  system: resident_registry
  instance: rr-app-1
  population: 67000
  municipality_name: 千代田区
)";

TEST(RemoteWriteConfigTest, EveryKeyIsRead) {
  const std::string text = std::string(kIdentity) + R"(remote_write:
  - url: https://mimir.pref.example/api/v1/push?tenant=x
    headers: {X-Scope-OrgID: pref13, THANOS-TENANT: pref13}
    basic_auth: {username: agent, password_file: secrets/rw-password}
    tls:
      ca_file: /etc/unyo/ca.pem
      cert_file: client.pem
      key_file: client.key
      server_name: mimir.internal
      min_version: TLS13
    send_interval: 1m
    max_samples_per_send: 500
    min_backoff: 2s
    max_backoff: 10m
    rate_limit: 256KiB
    buffer: {max_bytes: 1GiB, max_age: 3d}
    match: ["unyo_.*", "node_(cpu|memory)_.*"]
  - url: http://127.0.0.1:8428/api/v1/write
    bearer_token_file: /etc/unyo/vm-token
)";
  auto config = parseConfig(text, "/etc/unyo/unyo.yaml");
  ASSERT_TRUE(config) << config.error().toString();
  ASSERT_EQ(config->remoteWrite.size(), 2U);
  const RemoteWriteEndpoint& e = config->remoteWrite[0];
  EXPECT_EQ(e.url, "https://mimir.pref.example/api/v1/push?tenant=x");
  const std::vector<std::pair<std::string, std::string>> headers = {{"X-Scope-OrgID", "pref13"},
                                                                    {"THANOS-TENANT", "pref13"}};
  EXPECT_EQ(e.headers, headers);
  EXPECT_EQ(e.basicAuthUser, "agent");
  EXPECT_EQ(e.basicAuthPasswordFile, "/etc/unyo/secrets/rw-password");
  EXPECT_EQ(e.tls.caFile, "/etc/unyo/ca.pem");
  EXPECT_EQ(e.tls.certFile, "/etc/unyo/client.pem");
  EXPECT_EQ(e.tls.keyFile, "/etc/unyo/client.key");
  EXPECT_EQ(e.tls.serverName, "mimir.internal");
  EXPECT_EQ(e.tls.minVersion, "TLS13");
  EXPECT_EQ(e.sendInterval, 1min);
  EXPECT_EQ(e.maxSamplesPerSend, 500U);
  EXPECT_EQ(e.minBackoff, 2s);
  EXPECT_EQ(e.maxBackoff, 10min);
  EXPECT_EQ(e.rateLimitBytes, 256U * 1024);
  EXPECT_EQ(e.bufferMaxBytes, 1ULL << 30);
  EXPECT_EQ(e.bufferMaxAge, std::chrono::hours(72));
  EXPECT_EQ(e.match, (std::vector<std::string>{"unyo_.*", "node_(cpu|memory)_.*"}));
  EXPECT_EQ(config->remoteWrite[1].bearerTokenFile, "/etc/unyo/vm-token");

  EXPECT_EQ(config->identity.instance, "rr-app-1");
  EXPECT_EQ(config->identity.population, 67000);
  EXPECT_EQ(config->identity.municipalityName, "千代田区");
}

TEST(RemoteWriteConfigTest, DefaultsAreTheDocumentedOnes) {
  const std::string text =
      std::string(kIdentity) + "remote_write:\n  - url: http://127.0.0.1:9090/api/v1/write\n";
  auto config = parseConfig(text, "unyo.yaml");
  ASSERT_TRUE(config) << config.error().toString();
  const RemoteWriteEndpoint& e = config->remoteWrite.at(0);
  EXPECT_EQ(e.sendInterval, 0ms);
  EXPECT_EQ(e.maxSamplesPerSend, 2000U);
  EXPECT_EQ(e.minBackoff, 1s);
  EXPECT_EQ(e.maxBackoff, 5min);
  EXPECT_EQ(e.rateLimitBytes, 1024U * 1024);
  EXPECT_EQ(e.bufferMaxBytes, 256ULL * 1024 * 1024);
  EXPECT_EQ(e.bufferMaxAge, std::chrono::hours(24 * 7));
  EXPECT_TRUE(e.match.empty());
}

TEST(RemoteWriteConfigTest, PushedSamplesCarryTheIdentityAsLabels) {
  Identity identity;
  identity.lgCode = "011002";
  identity.system = "individual_resident_tax";
  identity.vendor = "B社";
  const Labels labels = pushedIdentityLabels(identity, "tax-vm");
  const Labels expected = {{"job", "unyo"},
                           {"instance", "tax-vm"},
                           {"lg_code", "011002"},
                           {"prefecture", "01"},
                           {"system", "individual_resident_tax"},
                           {"environment", "production"},
                           {"vendor", "B社"}};
  EXPECT_EQ(labels, expected);
  identity.instance = "override";
  EXPECT_EQ(pushedIdentityLabels(identity, "tax-vm")[1].value, "override");
}

}  // namespace
}  // namespace unyo::agent
