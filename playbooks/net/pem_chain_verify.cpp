// Chain verification of a PEM file with an X509_STORE_CTX.

#include "playbooks/net/pem_chain_verify.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace unyo::playbooks::net {
namespace {

using X509Stack = STACK_OF(X509);

struct OpenSslFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
  void operator()(X509* cert) const { X509_free(cert); }
  void operator()(X509_STORE* store) const { X509_STORE_free(store); }
  void operator()(X509_STORE_CTX* context) const { X509_STORE_CTX_free(context); }
  void operator()(X509Stack* chain) const { sk_X509_pop_free(chain, X509_free); }
};
template <class T>
using OpenSslPtr = std::unique_ptr<T, OpenSslFree>;

Expected<OpenSslPtr<X509_STORE>> trustedStore(const std::string& caFile) {
  OpenSslPtr<X509_STORE> store(X509_STORE_new());
  const int loaded = caFile.empty() ? X509_STORE_set_default_paths(store.get())
                                    : X509_STORE_load_file(store.get(), caFile.c_str());
  ERR_clear_error();
  if (!store || loaded != 1) {
    return fail(caFile.empty() ? "cannot load the system's trusted certificates"
                               : "cannot load ca_file " + caFile);
  }
  return store;
}

}  // namespace

Expected<std::string> verifyPemChain(const std::string& path, const std::string& caFile,
                                     std::time_t at) {
  OpenSslPtr<BIO> file(BIO_new_file(path.c_str(), "r"));
  if (!file) {
    const int error = errno;
    ERR_clear_error();
    return fail("cannot read " + path + ": " + std::strerror(error));
  }
  OpenSslPtr<X509> leaf(PEM_read_bio_X509(file.get(), nullptr, nullptr, nullptr));
  if (!leaf) {
    ERR_clear_error();
    return fail(path + ": no PEM certificate found");
  }
  OpenSslPtr<X509Stack> intermediates(sk_X509_new_null());
  while (X509* next = PEM_read_bio_X509(file.get(), nullptr, nullptr, nullptr)) {
    sk_X509_push(intermediates.get(), next);
  }
  ERR_clear_error();

  auto store = trustedStore(caFile);
  if (!store) return std::unexpected(store.error());
  OpenSslPtr<X509_STORE_CTX> context(X509_STORE_CTX_new());
  if (!context ||
      X509_STORE_CTX_init(context.get(), store->get(), leaf.get(), intermediates.get()) != 1) {
    ERR_clear_error();
    return fail("cannot set up certificate verification");
  }
  X509_STORE_CTX_set_time(context.get(), 0, at);
  const bool verified = X509_verify_cert(context.get()) == 1;
  ERR_clear_error();
  if (verified) return std::string();
  return std::string(X509_verify_cert_error_string(X509_STORE_CTX_get_error(context.get())));
}

}  // namespace unyo::playbooks::net
