#include "playbooks/actions/tls_check_action.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "playbooks/net/certificate_info.h"
#include "support/child_process.h"
#include "unit/playbooks/net/net_test_system.h"
#include "unit/playbooks/net/test_certificates.h"
#include "unit/playbooks/net/test_servers.h"

namespace unyo::playbooks {
namespace {

using ::testing::HasSubstr;
using testing::kDay;
using ::testing::StartsWith;
using testing::with;

class TlsCheckActionTest : public ::testing::Test {
 protected:
  ActionResult check(Value withValue) {
    return system_.run(tlsCheckActionDescriptor(), std::move(withValue));
  }
  testing::CertificateRequest expiringIn(std::int64_t days) const {
    testing::CertificateRequest request;
    request.notBeforeUnix = now_ - 30 * kDay;
    request.notAfterUnix = now_ + days * kDay;
    return request;
  }
  std::string write(const std::string& name, const std::string& pem) {
    const auto path = dir_.path() / name;
    testing::writeFile(path, pem);
    return path.string();
  }
  static std::string date(std::int64_t unix) { return net::formatIsoUtc(unix).substr(0, 10); }

  testing::NetTestSystem system_;
  const std::int64_t now_ = system_.clock.unixNow();
  testing::TempDir dir_;
  testing::TestCertificateAuthority ca_{"unyo test CA", now_ - kDay, now_ + 3650 * kDay};
  const std::string caFile_ = write("ca.pem", ca_.certificatePem());
};

TEST_F(TlsCheckActionTest, AFileReportsItsCertificate) {
  const std::string file = write("server.pem", ca_.issue(expiringIn(45)).certificatePem);
  const ActionResult r = check(with({{"file", file}}));
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_FALSE(r.changed);
  EXPECT_EQ(r.output.find("source")->asString(), "file:" + file);
  EXPECT_EQ(r.output.find("subject")->asString(), "CN=localhost,O=unyo tests");
  EXPECT_EQ(r.output.find("issuer")->asString(), "CN=unyo test CA,O=unyo tests");
  EXPECT_EQ(r.output.find("days_left")->asInt(), 45);
  EXPECT_EQ(r.output.find("not_after_unix")->asInt(), now_ + 45 * kDay);
  EXPECT_EQ(r.output.find("not_after")->asString(), net::formatIsoUtc(now_ + 45 * kDay));
  // Not signed by anyone the system trusts.
  EXPECT_FALSE(r.output.find("verified")->asBool());
  EXPECT_EQ(r.output.find("verify_error")->asString(), "unable to get local issuer certificate");
  EXPECT_EQ(r.summary,
            "certificate for localhost expires in 45 days (on " + date(now_ + 45 * kDay) + ")");

  const ActionResult trusted = check(with({{"file", file}, {"ca_file", caFile_}}));
  EXPECT_TRUE(trusted.output.find("verified")->asBool());
  EXPECT_EQ(trusted.output.find("verify_error")->asString(), "");
}

TEST_F(TlsCheckActionTest, FewerDaysThanMinDaysFail) {
  const std::string file = write("server.pem", ca_.issue(expiringIn(12)).certificatePem);
  const ActionResult r = check(with({{"file", file}}));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "certificate for localhost expires in 12 days (on " + date(now_ + 12 * kDay) +
                         "), less than 30");
  EXPECT_EQ(r.output.find("days_left")->asInt(), 12);
  EXPECT_TRUE(check(with({{"file", file}, {"min_days", 12}})).ok);
  EXPECT_FALSE(check(with({{"file", file}, {"min_days", "13"}})).ok);
}

TEST_F(TlsCheckActionTest, AnExpiredFileCountsDaysSinceExpiry) {
  const std::string file = write("old.pem", ca_.issue(expiringIn(-3)).certificatePem);
  const ActionResult r = check(with({{"file", file}, {"ca_file", caFile_}}));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.output.find("days_left")->asInt(), -3);
  EXPECT_THAT(r.error, HasSubstr("expired 3 days ago"));
  EXPECT_EQ(r.output.find("verify_error")->asString(), "certificate has expired");
}

TEST_F(TlsCheckActionTest, AllPicksTheEarliestExpiryOfAChain) {
  const auto intermediate =
      ca_.issueIntermediate("unyo intermediate", now_ - kDay, now_ + 20 * kDay);
  const auto leaf = intermediate.issue(expiringIn(90));
  const std::string file = write("chain.pem", leaf.certificatePem + intermediate.certificatePem());
  const ActionResult first = check(with({{"file", file}, {"ca_file", caFile_}}));
  EXPECT_EQ(first.output.find("days_left")->asInt(), 90);
  EXPECT_TRUE(first.output.find("verified")->asBool())
      << first.output.find("verify_error")->asString();

  const ActionResult all = check(with({{"file", file}, {"all", true}}));
  EXPECT_FALSE(all.ok);
  EXPECT_EQ(all.output.find("days_left")->asInt(), 20);
  EXPECT_EQ(all.output.find("subject")->asString(), "CN=unyo intermediate,O=unyo tests");
  EXPECT_THAT(all.error, StartsWith("certificate for unyo intermediate expires in 20 days"));
}

TEST_F(TlsCheckActionTest, AServerWithAnExpiredCertificateIsStillInspected) {
  const auto credentials = ca_.issue(expiringIn(-2));
  testing::FixedResponseServer server(testing::kOkResponse, &credentials);
  const ActionResult r =
      check(with({{"host", "localhost"}, {"port", server.port()}, {"ca_file", caFile_}}));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.output.find("source")->asString(), "localhost:" + std::to_string(server.port()));
  EXPECT_EQ(r.output.find("subject")->asString(), "CN=localhost,O=unyo tests");
  EXPECT_EQ(r.output.find("days_left")->asInt(), -2);
  EXPECT_FALSE(r.output.find("verified")->asBool());
  EXPECT_EQ(r.output.find("verify_error")->asString(), "certificate has expired");
  EXPECT_EQ(r.error, "certificate for localhost expired 2 days ago (on " + date(now_ - 2 * kDay) +
                         "), less than 30");
}

TEST_F(TlsCheckActionTest, AServerCertificateVerifiesAgainstTheCaFileAndTheName) {
  const auto credentials = ca_.issue(expiringIn(200));
  testing::FixedResponseServer server(testing::kOkResponse, &credentials);
  const ActionResult r =
      check(with({{"host", "127.0.0.1"}, {"port", server.port()}, {"ca_file", caFile_}}));
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.output.find("days_left")->asInt(), 200);
  EXPECT_TRUE(r.output.find("verified")->asBool()) << r.output.find("verify_error")->asString();

  const ActionResult otherName = check(with({{"host", "127.0.0.1"},
                                             {"port", server.port()},
                                             {"server_name", "www.example.lg.jp"},
                                             {"ca_file", caFile_}}));
  EXPECT_TRUE(otherName.ok) << otherName.error;
  EXPECT_FALSE(otherName.output.find("verified")->asBool());
  EXPECT_EQ(otherName.output.find("verify_error")->asString(), "hostname mismatch");
  EXPECT_THAT(otherName.summary, StartsWith("certificate for www.example.lg.jp expires in 200"));

  const ActionResult untrusted = check(with({{"host", "127.0.0.1"}, {"port", server.port()}}));
  EXPECT_FALSE(untrusted.output.find("verified")->asBool());
}

TEST_F(TlsCheckActionTest, AServerThatCannotBeReachedFails) {
  const auto port = testing::closedPort();
  const ActionResult r = check(with({{"host", "127.0.0.1"}, {"port", port}}));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "connection refused");
  EXPECT_EQ(r.output.find("source")->asString(), "127.0.0.1:" + std::to_string(port));
}

TEST_F(TlsCheckActionTest, ExplainsBadSettings) {
  EXPECT_EQ(check(Value::map()).error, "give either \"file\" or \"host\"");
  EXPECT_EQ(check(with({{"file", "/a.pem"}, {"host", "example.org"}})).error,
            "give either \"file\" or \"host\"");
  EXPECT_EQ(check(with({{"file", "/a.pem"}, {"port", 443}})).error,
            "\"port\" and \"server_name\" go with \"host\", not \"file\"");
  EXPECT_EQ(check(with({{"host", "example.org"}, {"all", true}})).error,
            "\"all\" goes with \"file\", not \"host\"");
  const std::string missing = (dir_.path() / "missing.pem").string();
  EXPECT_EQ(check(with({{"file", missing}})).error,
            "cannot read " + missing + ": No such file or directory");
  EXPECT_EQ(check(with({{"file", write("empty.pem", "not a certificate\n")}})).error,
            (dir_.path() / "empty.pem").string() + ": no PEM certificate found");
}

}  // namespace
}  // namespace unyo::playbooks
