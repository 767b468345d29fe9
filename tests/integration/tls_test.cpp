// The built agent over TLS, as a prefecture would run it: the web config
// file shipped in packaging/ with certificates made by openssl, scraped by
// curl and by a real Prometheus over mutual TLS with basic auth.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "running_agent.h"
#include "support/shell.h"
#include "support/test_certificates.h"

namespace unyo::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

// bcrypt("scrape-secret", cost 4).
constexpr std::string_view kScrapeHash =
    "$2y$04$KjIGrNp6b7aBlGcbhuQvIe332oVm0ar5kfPrs/K5/VCpBHb2FmS5O";
// "op-token" and its SHA-256 (printf %s op-token | sha256sum).
constexpr std::string_view kOpsToken = "op-token";
constexpr std::string_view kOpsHash =
    "2b2577f455616d63bbcb76676b219056860f972a5c38cc4fc33bec3f23e20561";

// packaging/web-config.yml in `dir`, with the certificates it names made
// there and its password hash replaced by one whose password the test knows.
class ShippedWebConfig {
 public:
  explicit ShippedWebConfig(const std::filesystem::path& dir)
      : file_(dir / "web-config.yml"), pki_(dir / "tls") {
    std::string text = readFile(UNYO_SOURCE_DIR "/packaging/web-config.yml");
    const std::string user = "  prometheus: ";
    const auto at = text.find(user);
    EXPECT_NE(at, std::string::npos) << "packaging/web-config.yml has no prometheus user";
    if (at != std::string::npos) {
      const auto end = text.find('\n', at);
      text.replace(at, end - at, user + std::string(kScrapeHash));
    }
    writeFile(file_, text);
    std::filesystem::copy_file(pki_.server().cert, dir / "tls" / "unyo.crt");
    std::filesystem::copy_file(pki_.server().key, dir / "tls" / "unyo.key");
    std::filesystem::copy_file(pki_.caCert(), dir / "tls" / "prefecture-ca.crt");
    prometheus_ = pki_.issue("prometheus", "DNS:prometheus.pref.example");
    stranger_ = pki_.selfSigned("vendor-laptop", "DNS:prometheus.pref.example");
  }
  const std::filesystem::path& file() const { return file_; }
  const TestCertificates& pki() const { return pki_; }
  const KeyPair& prometheus() const { return prometheus_; }
  const KeyPair& stranger() const { return stranger_; }

 private:
  std::filesystem::path file_;
  TestCertificates pki_;
  KeyPair prometheus_;
  KeyPair stranger_;
};

// curl's status line for `path` over HTTPS ("000": no TLS session).
std::string curlStatus(int port, const ShippedWebConfig& web, const std::string& path,
                       const std::string& extra) {
  return captureShell("curl -s -o /dev/null -w '%{http_code}' --max-time 10 --cacert " +
                      shellQuote(web.pki().caCert()) + " " + extra +
                      " https://127.0.0.1:" + std::to_string(port) + path);
}

std::string clientCert(const KeyPair& pair) {
  return "--cert " + shellQuote(pair.cert) + " --key " + shellQuote(pair.key);
}

TEST(TlsTest, PromtoolAcceptsTheShippedWebConfig) {
  TempDir dir;
  ShippedWebConfig web(dir.path());
  ASSERT_TRUE(web.pki().ok());
  // Unmodified, next to the certificates it names.
  std::filesystem::copy_file(UNYO_SOURCE_DIR "/packaging/web-config.yml",
                             dir.path() / "as-shipped.yml");
  const std::string out =
      captureShell(std::string(PROMTOOL_PATH) + " check web-config " +
                   shellQuote(dir.path() / "as-shipped.yml") + " 2>&1; echo status=$?");
  EXPECT_THAT(out, HasSubstr("status=0")) << out;
  // And unyo's own check agrees, certificates included.
  writeFile(dir.path() / "unyo.yaml", RunningAgent::configText("state:\n  dir: state\n"));
  const std::string check = captureShell(
      unyoBinary() + " check --config " + shellQuote(dir.path() / "unyo.yaml") +
      " --web.config.file " + shellQuote(dir.path() / "as-shipped.yml") + " 2>&1; echo status=$?");
  EXPECT_THAT(check, HasSubstr("status=0")) << check;
}

TEST(TlsTest, ARealPrometheusScrapesOverMutualTlsWithBasicAuth) {
  TempDir dir;
  ShippedWebConfig web(dir.path());
  ASSERT_TRUE(web.pki().ok());
  RunningAgent agent("", {"--web.config.file", web.file().string()});
  ASSERT_TRUE(agent.waitStarted()) << agent.process().stderrText();
  const int port = agent.port();
  const std::string prom = clientCert(web.prometheus());

  // The client certificate (from the prefecture's CA) is the first gate,
  // basic auth the second.
  EXPECT_EQ(curlStatus(port, web, "/metrics", "-u prometheus:scrape-secret"), "000");
  EXPECT_EQ(curlStatus(port, web, "/metrics",
                       clientCert(web.stranger()) + " -u prometheus:scrape-secret"),
            "000");
  EXPECT_EQ(curlStatus(port, web, "/metrics", prom), "401");
  const std::string challenge =
      captureShell("curl -s -D - -o /dev/null --cacert " + shellQuote(web.pki().caCert()) + " " +
                   prom + " https://127.0.0.1:" + std::to_string(port) + "/metrics");
  EXPECT_THAT(challenge, HasSubstr("WWW-Authenticate: Basic"));
  EXPECT_THAT(challenge, HasSubstr("Strict-Transport-Security: max-age=31536000"));
  EXPECT_EQ(curlStatus(port, web, "/metrics", prom + " -u prometheus:guess-4711"), "401");
  EXPECT_EQ(curlStatus(port, web, "/metrics", prom + " -u prometheus:scrape-secret"), "200");
  // TLS 1.1 never gets a session.
  EXPECT_NE(runShell("openssl s_client -connect 127.0.0.1:" + std::to_string(port) +
                     " -tls1_1 </dev/null >/dev/null 2>&1"),
            0);

  const int promPort = freeTcpPort();
  const auto promDir = agent.dir().path() / "prometheus";
  writeFile(promDir / "prometheus.yml",
            "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
            "scrape_configs:\n  - job_name: unyo\n    scheme: https\n"
            "    tls_config:\n      ca_file: " +
                web.pki().caCert().string() +
                "\n      cert_file: " + web.prometheus().cert.string() +
                "\n      key_file: " + web.prometheus().key.string() +
                "\n    basic_auth:\n      username: prometheus\n      password: scrape-secret\n"
                "    static_configs:\n      - targets: ['localhost:" +
                std::to_string(port) + "']\n");
  ChildProcess prometheus(
      {PROMETHEUS_PATH, "--config.file=" + (promDir / "prometheus.yml").string(),
       "--storage.tsdb.path=" + (promDir / "data").string(),
       "--web.listen-address=127.0.0.1:" + std::to_string(promPort)},
      promDir);
  ASSERT_TRUE(waitUntil([&] { return instantQuery(promPort, "up{job=\"unyo\"}") == 1.0; }, 60s))
      << "Prometheus never scraped the agent over TLS\n"
      << prometheus.stderrText() << agent.process().stderrText();
  EXPECT_EQ(instantQuery(promPort, "count(unyo_agent_info{lg_code=\"131016\"})"), 1.0);
  // The wrong passwords above were logged without the password.
  const std::string log = agent.process().stderrText();
  EXPECT_THAT(log, HasSubstr("authentication failed"));
  EXPECT_THAT(log, ::testing::Not(HasSubstr("guess-4711")));
}

// One file for both exporters on a VM: Debian's node_exporter serves the
// shipped web config the same way.
TEST(TlsTest, NodeExporterTakesTheSameWebConfigFile) {
  TempDir dir;
  ShippedWebConfig web(dir.path());
  ASSERT_TRUE(web.pki().ok());
  const int port = freeTcpPort();
  ChildProcess nodeExporter({NODE_EXPORTER_PATH, "--web.config.file=" + web.file().string(),
                             "--web.listen-address=127.0.0.1:" + std::to_string(port),
                             "--collector.disable-defaults", "--collector.uname"},
                            dir.path());
  const std::string prom = clientCert(web.prometheus());
  ASSERT_TRUE(waitUntil(
      [&] {
        return curlStatus(port, web, "/metrics", prom + " -u prometheus:scrape-secret") == "200";
      },
      20s))
      << nodeExporter.stderrText();
  EXPECT_EQ(curlStatus(port, web, "/metrics", prom), "401");
  EXPECT_EQ(curlStatus(port, web, "/metrics", "-u prometheus:scrape-secret"), "000");
}

TEST(TlsTest, ARotatedCertificateIsServedWithoutARestart) {
  TempDir dir;
  TestCertificates pki(dir.path() / "pki");
  ASSERT_TRUE(pki.ok());
  std::filesystem::copy_file(pki.server().cert, dir.path() / "live.crt");
  std::filesystem::copy_file(pki.server().key, dir.path() / "live.key");
  writeFile(dir.path() / "web.yml",
            "tls_server_config:\n  cert_file: live.crt\n  key_file: live.key\n");
  RunningAgent agent("", {"--web.config.file", (dir.path() / "web.yml").string()});
  ASSERT_TRUE(agent.waitStarted()) << agent.process().stderrText();
  const int port = agent.port();
  EXPECT_EQ(TestCertificates::servedCommonName(port, pki.caCert()), "server");

  const KeyPair next = pki.issue("server-renewed", "DNS:localhost,IP:127.0.0.1", true);
  std::filesystem::copy_file(next.key, dir.path() / "live.key.new");
  std::filesystem::copy_file(next.cert, dir.path() / "live.crt.new");
  std::filesystem::rename(dir.path() / "live.key.new", dir.path() / "live.key");
  std::filesystem::rename(dir.path() / "live.crt.new", dir.path() / "live.crt");
  EXPECT_EQ(TestCertificates::servedCommonName(port, pki.caCert()), "server-renewed");
  EXPECT_EQ(agent.process().waitExit(0ms), std::nullopt) << "the agent restarted or died";

  // A broken edit is refused, shown in the metrics, and the renewed
  // certificate stays in service.
  const auto metrics = [&] {
    return captureShell("curl -s --cacert " + shellQuote(pki.caCert()) +
                        " https://127.0.0.1:" + std::to_string(port) + "/metrics");
  };
  EXPECT_EQ(metricValue(metrics(), "unyo_web_config_last_reload_successful"), 1.0);
  writeFile(
      dir.path() / "web.yml",
      "tls_server_config:\n  cert_file: live.crt\n  key_file: live.key\n  min_version: TLS11\n");
  EXPECT_EQ(metricValue(metrics(), "unyo_web_config_last_reload_successful"), 0.0);
  EXPECT_EQ(TestCertificates::servedCommonName(port, pki.caCert()), "server-renewed");
  EXPECT_THAT(agent.process().stderrText(),
              HasSubstr("web.yml:4:16: min_version TLS11 is refused"));
}

TEST(TlsTest, TokensInClearTextOnTheNetworkAreRefusedUnlessAllowed) {
  TempDir dir;
  const std::string tokens = "  api_tokens:\n    - {name: ops, sha256: \"" + std::string(kOpsHash) +
                             "\", role: operate}\n";
  const auto config = [&](const std::string& listen, const std::string& extra) {
    return std::string(kTestIdentity) + "web:\n  listen_address: \"" + listen + "\"\n" + tokens +
           extra + "state:\n  dir: " + (dir.path() / "state").string() + "\n";
  };
  writeFile(dir.path() / "open.yaml", config("0.0.0.0:0", ""));
  ChildProcess refused({unyoBinary(), "run", "--config", (dir.path() / "open.yaml").string()},
                       dir.path());
  const auto code = refused.waitExit(20s);
  ASSERT_TRUE(code.has_value());
  EXPECT_NE(*code, 0);
  EXPECT_THAT(refused.stderrText(), HasSubstr("clear text"));
  EXPECT_THAT(refused.stderrText(), HasSubstr("allow_insecure_api"));
  EXPECT_NE(runShell(unyoBinary() + " check --config " + shellQuote(dir.path() / "open.yaml") +
                     " >/dev/null 2>&1"),
            0);

  // Said out loud, it starts; so does loopback without TLS.
  writeFile(dir.path() / "allowed.yaml", config("0.0.0.0:0", "  allow_insecure_api: true\n"));
  std::filesystem::create_directories(dir.path() / "allowed");
  ChildProcess allowed({unyoBinary(), "run", "--config", (dir.path() / "allowed.yaml").string()},
                       dir.path() / "allowed");
  EXPECT_TRUE(waitForAgentPort(allowed).has_value()) << allowed.stderrText();
}

TEST(TlsTest, TheApiKeepsItsTokensBehindTlsAndBasicAuth) {
  TempDir dir;
  ShippedWebConfig web(dir.path());
  ASSERT_TRUE(web.pki().ok());
  TempDir agentDir;
  writeFile(agentDir.path() / "unyo.yaml",
            std::string(kTestIdentity) + "web:\n  listen_address: \"0.0.0.0:0\"\n  config_file: " +
                web.file().string() + "\n  api_tokens:\n    - {name: ops, sha256: \"" +
                std::string(kOpsHash) + "\", role: operate}\nstate:\n  dir: state\n");
  ChildProcess agent({unyoBinary(), "run", "--config", (agentDir.path() / "unyo.yaml").string()},
                     agentDir.path());
  const auto port = waitForAgentPort(agent);
  ASSERT_TRUE(port) << agent.stderrText();
  const std::string prom = clientCert(web.prometheus());
  // The API answers the token, not the basic-auth password.
  EXPECT_EQ(curlStatus(*port, web, "/api/v1/playbooks",
                       prom + " -H 'Authorization: Bearer " + std::string(kOpsToken) + "'"),
            "200");
  EXPECT_EQ(curlStatus(*port, web, "/api/v1/playbooks", prom + " -u prometheus:scrape-secret"),
            "401");
}

TEST(TlsTest, ABrokenWebConfigIsReportedWithItsLocation) {
  TempDir dir;
  writeFile(dir.path() / "web.yml",
            "tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n"
            "  client_auth_type: NoClientCert\n  client_ca_file: ca.crt\n"
            "basic_auth_users:\n  prometheus: plain-text\n");
  writeFile(dir.path() / "unyo.yaml", RunningAgent::configText("state:\n  dir: state\n"));
  const std::string out = captureShell(
      unyoBinary() + " check --config " + shellQuote(dir.path() / "unyo.yaml") +
      " --web.config.file " + shellQuote(dir.path() / "web.yml") + " 2>&1; echo status=$?");
  EXPECT_THAT(out, HasSubstr("web.yml:7:15: the password of \"prometheus\" must be a bcrypt hash"));
  EXPECT_THAT(out, HasSubstr("web.yml:2:3: client CAs are configured without"));
  EXPECT_THAT(out, HasSubstr("status=1"));
  ChildProcess agent({unyoBinary(), "run", "--config", (dir.path() / "unyo.yaml").string(),
                      "--web.config.file", (dir.path() / "web.yml").string()},
                     dir.path());
  const auto code = agent.waitExit(20s);
  ASSERT_TRUE(code.has_value());
  EXPECT_NE(*code, 0);
  EXPECT_THAT(agent.stderrText(), HasSubstr("web.yml:7:15"));
}

}  // namespace
}  // namespace unyo::testing
