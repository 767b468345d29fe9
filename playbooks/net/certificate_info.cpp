// Reading certificates with OpenSSL.

#include "playbooks/net/certificate_info.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>

#include "base/iso_time.h"

namespace unyo::playbooks::net {
namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;

std::string nameText(const X509_NAME* name) {
  BioPtr out(BIO_new(BIO_s_mem()));
  // RFC 2253, but UTF-8 as it is: Japanese organisation names stay readable.
  constexpr unsigned long kFlags = XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB;
  if (!out || X509_NAME_print_ex(out.get(), name, 0, kFlags) < 0) return "";
  char* data = nullptr;
  const long size = BIO_get_mem_data(out.get(), &data);
  return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : "";
}

std::string commonNameOf(const X509_NAME* name) {
  const int index = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (index < 0) return "";
  const ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  const int size = ASN1_STRING_to_UTF8(&utf8, value);
  if (size < 0) return "";
  std::string text(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(size));
  OPENSSL_free(utf8);
  return text;
}

Expected<std::int64_t> unixTime(const ASN1_TIME* time) {
  std::tm parts{};
  if (time == nullptr || ASN1_TIME_to_tm(time, &parts) != 1) {
    return fail("the certificate has an unreadable validity date");
  }
  return static_cast<std::int64_t>(timegm(&parts));
}

}  // namespace

Expected<CertificateInfo> describeCertificate(X509* certificate) {
  if (certificate == nullptr) return fail("no certificate");
  CertificateInfo info;
  info.subject = nameText(X509_get_subject_name(certificate));
  info.issuer = nameText(X509_get_issuer_name(certificate));
  info.commonName = commonNameOf(X509_get_subject_name(certificate));
  auto notBefore = unixTime(X509_get0_notBefore(certificate));
  if (!notBefore) return std::unexpected(notBefore.error());
  auto notAfter = unixTime(X509_get0_notAfter(certificate));
  if (!notAfter) return std::unexpected(notAfter.error());
  info.notBeforeUnix = *notBefore;
  info.notAfterUnix = *notAfter;
  return info;
}

Expected<std::vector<CertificateInfo>> readPemCertificates(const std::string& path) {
  BioPtr file(BIO_new_file(path.c_str(), "r"));
  if (!file) {
    const int error = errno;
    ERR_clear_error();
    return fail("cannot read " + path + ": " + std::strerror(error));
  }
  std::vector<CertificateInfo> certificates;
  // PEM_read_bio_X509 skips blocks of other types (a key) on its way.
  while (X509Ptr cert{PEM_read_bio_X509(file.get(), nullptr, nullptr, nullptr)}) {
    auto info = describeCertificate(cert.get());
    if (!info)
      return fail(path + ": certificate " + std::to_string(certificates.size() + 1) + ": " +
                  info.error().message);
    certificates.push_back(std::move(*info));
  }
  ERR_clear_error();  // the end of the file reads as "no start line"
  if (certificates.empty()) return fail(path + ": no PEM certificate found");
  return certificates;
}

Expected<CertificateInfo> inspectPemFile(const std::string& path, bool wholeChain) {
  auto certificates = readPemCertificates(path);
  if (!certificates) return std::unexpected(certificates.error());
  if (!wholeChain) return certificates->front();
  return *std::min_element(certificates->begin(), certificates->end(),
                           [](const CertificateInfo& a, const CertificateInfo& b) {
                             return a.notAfterUnix < b.notAfterUnix;
                           });
}

std::int64_t daysLeft(const CertificateInfo& certificate, Clock::WallTime now) {
  const auto nowUnix =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const std::int64_t seconds = certificate.notAfterUnix - static_cast<std::int64_t>(nowUnix);
  // Floor division: one second past expiry is day -1, not day 0.
  return seconds >= 0 ? seconds / kSecondsPerDay
                      : -((-seconds + kSecondsPerDay - 1) / kSecondsPerDay);
}

std::string formatIsoUtc(std::int64_t unixSeconds) {
  return formatIsoSeconds(Clock::WallTime(std::chrono::seconds(unixSeconds)));
}

}  // namespace unyo::playbooks::net
