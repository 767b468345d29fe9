#include "unit/playbooks/net/test_certificates.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <stdexcept>

namespace unyo::testing {
namespace {

struct OpenSslFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
  void operator()(X509* cert) const { X509_free(cert); }
  void operator()(BIO* bio) const { BIO_free(bio); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, OpenSslFree>;
using CertPtr = std::unique_ptr<X509, OpenSslFree>;
using BioPtr = std::unique_ptr<BIO, OpenSslFree>;

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("test certificate: ") + what + " failed");
}

KeyPtr newKey() {
  KeyPtr key(EVP_EC_gen("P-256"));
  check(key != nullptr, "EVP_EC_gen");
  return key;
}

void addExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX context;
  X509V3_set_ctx(&context, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_nconf_nid(nullptr, &context, nid, value.c_str());
  check(extension != nullptr, "X509V3_EXT_nconf_nid");
  check(X509_add_ext(cert, extension, -1) == 1, "X509_add_ext");
  X509_EXTENSION_free(extension);
}

std::string subjectAltNames(const CertificateRequest& request) {
  std::string names;
  for (const auto& dns : request.dnsNames) names += (names.empty() ? "" : ",") + ("DNS:" + dns);
  for (const auto& ip : request.ipAddresses) names += (names.empty() ? "" : ",") + ("IP:" + ip);
  return names;
}

// A certificate for `key`, signed by `issuerKey` (itself when issuer is null).
CertPtr makeCertificate(const std::string& commonName, EVP_PKEY* key, std::int64_t notBefore,
                        std::int64_t notAfter, X509* issuer, EVP_PKEY* issuerKey, bool isCa,
                        const std::string& altNames) {
  static long serial = 1;
  CertPtr cert(X509_new());
  check(cert != nullptr, "X509_new");
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial++);
  std::time_t from = static_cast<std::time_t>(notBefore);
  std::time_t until = static_cast<std::time_t>(notAfter);
  X509_time_adj_ex(X509_getm_notBefore(cert.get()), 0, 0, &from);
  X509_time_adj_ex(X509_getm_notAfter(cert.get()), 0, 0, &until);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>("unyo tests"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(commonName.c_str()), -1, -1, 0);
  X509* signer = issuer != nullptr ? issuer : cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
  addExtension(cert.get(), signer, NID_basic_constraints, isCa ? "critical,CA:TRUE" : "CA:FALSE");
  addExtension(cert.get(), signer, NID_key_usage,
               isCa ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature");
  addExtension(cert.get(), signer, NID_subject_key_identifier, "hash");
  if (issuer != nullptr) addExtension(cert.get(), signer, NID_authority_key_identifier, "keyid");
  if (!altNames.empty()) addExtension(cert.get(), signer, NID_subject_alt_name, altNames);
  check(X509_sign(cert.get(), issuerKey != nullptr ? issuerKey : key, EVP_sha256()) > 0,
        "X509_sign");
  return cert;
}

std::string toPem(X509* cert) {
  BioPtr out(BIO_new(BIO_s_mem()));
  check(PEM_write_bio_X509(out.get(), cert) == 1, "PEM_write_bio_X509");
  char* data = nullptr;
  const long size = BIO_get_mem_data(out.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

std::string toPem(EVP_PKEY* key) {
  BioPtr out(BIO_new(BIO_s_mem()));
  check(PEM_write_bio_PrivateKey(out.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1,
        "PEM_write_bio_PrivateKey");
  char* data = nullptr;
  const long size = BIO_get_mem_data(out.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

}  // namespace

struct TestCertificateAuthority::Keys {
  KeyPtr key;
  CertPtr cert;
};

TestCertificateAuthority::TestCertificateAuthority(std::string name, std::int64_t notBeforeUnix,
                                                   std::int64_t notAfterUnix)
    : keys_(std::make_unique<Keys>()) {
  keys_->key = newKey();
  keys_->cert = makeCertificate(name, keys_->key.get(), notBeforeUnix, notAfterUnix, nullptr,
                                nullptr, true, "");
  certificatePem_ = toPem(keys_->cert.get());
}

TestCertificateAuthority::TestCertificateAuthority(std::unique_ptr<Keys> keys)
    : keys_(std::move(keys)), certificatePem_(toPem(keys_->cert.get())) {}

TestCertificateAuthority::~TestCertificateAuthority() = default;
TestCertificateAuthority::TestCertificateAuthority(TestCertificateAuthority&&) noexcept = default;
TestCertificateAuthority& TestCertificateAuthority::operator=(TestCertificateAuthority&&) noexcept =
    default;

PemCredentials TestCertificateAuthority::issue(const CertificateRequest& request) const {
  KeyPtr key = newKey();
  CertPtr cert =
      makeCertificate(request.commonName, key.get(), request.notBeforeUnix, request.notAfterUnix,
                      keys_->cert.get(), keys_->key.get(), false, subjectAltNames(request));
  return {toPem(cert.get()), toPem(key.get())};
}

TestCertificateAuthority TestCertificateAuthority::issueIntermediate(
    std::string name, std::int64_t notBeforeUnix, std::int64_t notAfterUnix) const {
  auto keys = std::make_unique<Keys>();
  keys->key = newKey();
  keys->cert = makeCertificate(name, keys->key.get(), notBeforeUnix, notAfterUnix,
                               keys_->cert.get(), keys_->key.get(), true, "");
  return TestCertificateAuthority(std::move(keys));
}

PemCredentials makeSelfSigned(const CertificateRequest& request) {
  KeyPtr key = newKey();
  CertPtr cert =
      makeCertificate(request.commonName, key.get(), request.notBeforeUnix, request.notAfterUnix,
                      nullptr, nullptr, false, subjectAltNames(request));
  return {toPem(cert.get()), toPem(key.get())};
}

}  // namespace unyo::testing
