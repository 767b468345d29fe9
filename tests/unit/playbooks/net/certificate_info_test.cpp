#include "playbooks/net/certificate_info.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/child_process.h"
#include "unit/playbooks/net/net_test_system.h"
#include "unit/playbooks/net/test_certificates.h"

namespace unyo::playbooks::net {
namespace {

using testing::kDay;

class CertificateInfoTest : public ::testing::Test {
 protected:
  std::string write(const std::string& text) {
    const auto path = dir_.path() / ("file" + std::to_string(++files_) + ".pem");
    testing::writeFile(path, text);
    return path.string();
  }
  testing::CertificateRequest request(std::string name, std::int64_t notAfter) const {
    testing::CertificateRequest r;
    r.commonName = name;
    r.dnsNames = {std::move(name)};
    r.ipAddresses = {};
    r.notBeforeUnix = kNow - kDay;
    r.notAfterUnix = notAfter;
    return r;
  }

  static constexpr std::int64_t kNow = 1795000000;  // 2026-11-18T...Z
  testing::TempDir dir_;
  int files_ = 0;
  testing::TestCertificateAuthority ca_{"Test CA", kNow - kDay, kNow + 1000 * kDay};
};

TEST_F(CertificateInfoTest, ReadsTheFirstCertificateOrTheEarliestExpiry) {
  const auto leaf = ca_.issue(request("www.example.lg.jp", kNow + 90 * kDay));
  // A key block in between is skipped, as in a combined key+chain file.
  const std::string path = write(leaf.certificatePem + leaf.privateKeyPem + ca_.certificatePem());
  auto all = readPemCertificates(path);
  ASSERT_TRUE(all.has_value()) << all.error().message;
  ASSERT_EQ(all->size(), 2U);
  EXPECT_EQ((*all)[0].commonName, "www.example.lg.jp");
  EXPECT_EQ((*all)[1].commonName, "Test CA");

  auto first = inspectPemFile(path);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->notAfterUnix, kNow + 90 * kDay);
  EXPECT_EQ(first->notBeforeUnix, kNow - kDay);
  EXPECT_EQ(first->issuer, "CN=Test CA,O=unyo tests");
  auto earliest = inspectPemFile(path, true);
  ASSERT_TRUE(earliest.has_value());
  EXPECT_EQ(earliest->commonName, "www.example.lg.jp");  // the CA lasts 1000 days
}

TEST_F(CertificateInfoTest, KeepsJapaneseNamesReadable) {
  const auto cert = testing::makeSelfSigned(request("市役所.example", kNow + kDay));
  auto info = inspectPemFile(write(cert.certificatePem));
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->commonName, "市役所.example");
  EXPECT_EQ(info->subject, "CN=市役所.example,O=unyo tests");
}

TEST_F(CertificateInfoTest, DaysLeftRoundsDown) {
  CertificateInfo cert;
  cert.notAfterUnix = kNow;
  const auto at = [](std::int64_t unix) { return Clock::WallTime(std::chrono::seconds(unix)); };
  EXPECT_EQ(daysLeft(cert, at(kNow - 2 * kDay)), 2);
  EXPECT_EQ(daysLeft(cert, at(kNow - 2 * kDay + 1)), 1);
  EXPECT_EQ(daysLeft(cert, at(kNow - 1)), 0);
  EXPECT_EQ(daysLeft(cert, at(kNow)), 0);
  EXPECT_EQ(daysLeft(cert, at(kNow + 1)), -1);
  EXPECT_EQ(daysLeft(cert, at(kNow + kDay + 1)), -2);
}

TEST_F(CertificateInfoTest, FormatsUtcTimes) {
  EXPECT_EQ(formatIsoUtc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(formatIsoUtc(1796860800), "2026-12-10T00:00:00Z");
}

TEST_F(CertificateInfoTest, ExplainsFilesWithoutCertificates) {
  const std::string empty = write("-----BEGIN NOTHING-----\n");
  EXPECT_EQ(inspectPemFile(empty).error().message, empty + ": no PEM certificate found");
  const std::string missing = (dir_.path() / "missing.pem").string();
  EXPECT_EQ(inspectPemFile(missing).error().message,
            "cannot read " + missing + ": No such file or directory");
}

}  // namespace
}  // namespace unyo::playbooks::net
