// http.check over HTTPS: chain and host-name verification against servers
// with certificates made at test time.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "playbooks/actions/http_check_action.h"
#include "support/child_process.h"
#include "unit/playbooks/net/net_test_system.h"
#include "unit/playbooks/net/test_certificates.h"
#include "unit/playbooks/net/test_servers.h"

namespace unyo::playbooks {
namespace {

using testing::kDay;
using ::testing::StartsWith;
using testing::with;

class HttpsCheckTest : public ::testing::Test {
 protected:
  ActionResult check(Value withValue) {
    return system_.run(httpCheckActionDescriptor(), std::move(withValue), false,
                       std::chrono::seconds(10));
  }
  testing::CertificateRequest validFor(std::string name, std::vector<std::string> ips) const {
    testing::CertificateRequest request;
    request.commonName = name;
    request.dnsNames = {std::move(name)};
    request.ipAddresses = std::move(ips);
    request.notBeforeUnix = now_ - kDay;
    request.notAfterUnix = now_ + 90 * kDay;
    return request;
  }
  static std::string url(const testing::FixedResponseServer& server,
                         const char* host = "localhost") {
    return "https://" + std::string(host) + ":" + std::to_string(server.port()) + "/health";
  }

  testing::NetTestSystem system_;
  const std::int64_t now_ = system_.clock.unixNow();
  testing::TempDir dir_;
  testing::TestCertificateAuthority ca_{"unyo test CA", now_ - kDay, now_ + 3650 * kDay};
  const std::string caFile_ = [this] {
    const auto path = dir_.path() / "ca.pem";
    testing::writeFile(path, ca_.certificatePem());
    return path.string();
  }();
};

TEST_F(HttpsCheckTest, AChainSignedByTheCaFileVerifies) {
  const auto credentials = ca_.issue(validFor("localhost", {"127.0.0.1"}));
  testing::FixedResponseServer server(testing::kOkResponse, &credentials);
  const ActionResult byName = check(with({{"url", url(server)}, {"ca_file", caFile_}}));
  EXPECT_TRUE(byName.ok) << byName.error;
  EXPECT_EQ(byName.output.find("body_excerpt")->asString(), "OK");
  const ActionResult byIp = check(with({{"url", url(server, "127.0.0.1")}, {"ca_file", caFile_}}));
  EXPECT_TRUE(byIp.ok) << byIp.error;
}

TEST_F(HttpsCheckTest, ASelfSignedCertificateIsRejected) {
  const auto credentials = testing::makeSelfSigned(validFor("localhost", {"127.0.0.1"}));
  testing::FixedResponseServer server(testing::kOkResponse, &credentials);
  const ActionResult r = check(with({{"url", url(server)}}));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "certificate verify failed: self-signed certificate");
}

TEST_F(HttpsCheckTest, AnUnknownCaIsRejectedWithoutCaFile) {
  const auto credentials = ca_.issue(validFor("localhost", {"127.0.0.1"}));
  testing::FixedResponseServer server(testing::kOkResponse, &credentials);
  EXPECT_EQ(check(with({{"url", url(server)}})).error,
            "certificate verify failed: unable to get local issuer certificate");
}

TEST_F(HttpsCheckTest, InsecureSkipVerifyAcceptsAnyCertificate) {
  const auto credentials = testing::makeSelfSigned(validFor("elsewhere.example", {}));
  testing::FixedResponseServer server(testing::kOkResponse, &credentials);
  const ActionResult r = check(with({{"url", url(server)}, {"insecure_skip_verify", true}}));
  EXPECT_TRUE(r.ok) << r.error;
}

TEST_F(HttpsCheckTest, ACertificateForAnotherNameIsRejected) {
  const auto credentials = ca_.issue(validFor("elsewhere.example", {}));
  testing::FixedResponseServer server(testing::kOkResponse, &credentials);
  EXPECT_EQ(check(with({{"url", url(server)}, {"ca_file", caFile_}})).error,
            "certificate verify failed: hostname mismatch");
  EXPECT_EQ(check(with({{"url", url(server, "127.0.0.1")}, {"ca_file", caFile_}})).error,
            "certificate verify failed: IP address mismatch");
}

TEST_F(HttpsCheckTest, AnExpiredCertificateIsRejected) {
  auto request = validFor("localhost", {"127.0.0.1"});
  request.notBeforeUnix = now_ - 30 * kDay;
  request.notAfterUnix = now_ - kDay;
  const auto credentials = ca_.issue(request);
  testing::FixedResponseServer server(testing::kOkResponse, &credentials);
  EXPECT_EQ(check(with({{"url", url(server)}, {"ca_file", caFile_}})).error,
            "certificate verify failed: certificate has expired");
}

TEST_F(HttpsCheckTest, AnUnreadableCaFileIsReported) {
  const auto credentials = ca_.issue(validFor("localhost", {"127.0.0.1"}));
  testing::FixedResponseServer server(testing::kOkResponse, &credentials);
  const std::string missing = (dir_.path() / "missing.pem").string();
  EXPECT_THAT(check(with({{"url", url(server)}, {"ca_file", missing}})).error,
              StartsWith("cannot load ca_file " + missing));
}

TEST_F(HttpsCheckTest, APlainHttpServerFailsTheHandshake) {
  testing::BackgroundHttpServer plain([](exporter::Router&) {});
  const std::string plainUrl = "https://127.0.0.1:" + std::to_string(plain.port()) + "/";
  EXPECT_THAT(check(with({{"url", plainUrl}})).error, StartsWith("TLS handshake failed: "));
}

TEST_F(HttpsCheckTest, AHandshakeThatNeverCompletesTimesOut) {
  testing::SilentListener silent;
  const ActionResult r =
      system_.run(httpCheckActionDescriptor(),
                  with({{"url", "https://127.0.0.1:" + std::to_string(silent.port()) + "/"}}),
                  false, std::chrono::milliseconds(300));
  EXPECT_EQ(r.error, "timed out after 300ms");
}

TEST_F(HttpsCheckTest, ARedirectFromHttpsToHttpIsRefused) {
  const auto credentials = ca_.issue(validFor("localhost", {"127.0.0.1"}));
  testing::FixedResponseServer server(
      "HTTP/1.1 302 Found\r\nLocation: http://localhost:1/plain\r\nContent-Length: 0\r\n\r\n",
      &credentials);
  EXPECT_EQ(
      check(with({{"url", url(server)}, {"ca_file", caFile_}, {"follow_redirects", true}})).error,
      "refusing a redirect from https to http (http://localhost:1/plain)");
}

}  // namespace
}  // namespace unyo::playbooks
