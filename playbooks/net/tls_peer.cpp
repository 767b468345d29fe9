// Trust and peer-name settings on OpenSSL handles.

#include "playbooks/net/tls_peer.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <boost/asio/ip/address.hpp>

namespace unyo::playbooks::net {
namespace {

// The reason of OpenSSL's most recent error, clearing the error queue.
std::string lastOpenSslError() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown error";
  const char* reason = ERR_reason_error_string(code);
  return reason != nullptr ? reason : "error " + std::to_string(code);
}

bool isIpAddress(const std::string& text) {
  boost::system::error_code ec;
  boost::asio::ip::make_address(text, ec);
  return !ec;
}

// SSL_set_tlsext_host_name() is a macro with an old-style cast.
long setServerNameIndication(SSL* ssl, const std::string& name) {
  return SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                  const_cast<char*>(name.c_str()));
}

}  // namespace

Expected<void> loadTrust(SSL_CTX* context, const std::string& caFile) {
  if (caFile.empty()) {
    if (SSL_CTX_set_default_verify_paths(context) != 1) {
      return fail("cannot load the system's trusted certificates: " + lastOpenSslError());
    }
    return {};
  }
  if (SSL_CTX_load_verify_locations(context, caFile.c_str(), nullptr) != 1) {
    return fail("cannot load ca_file " + caFile + ": " + lastOpenSslError());
  }
  return {};
}

Expected<void> loadClientIdentity(SSL_CTX* context, const TlsOptions& options) {
  if (SSL_CTX_set_min_proto_version(context, options.tls13Only ? TLS1_3_VERSION : TLS1_2_VERSION) !=
      1) {
    return fail("cannot set the lowest TLS version: " + lastOpenSslError());
  }
  if (options.certFile.empty()) return {};
  if (SSL_CTX_use_certificate_chain_file(context, options.certFile.c_str()) != 1) {
    return fail("cannot load cert_file " + options.certFile + ": " + lastOpenSslError());
  }
  if (SSL_CTX_use_PrivateKey_file(context, options.keyFile.c_str(), SSL_FILETYPE_PEM) != 1) {
    return fail("cannot load key_file " + options.keyFile + ": " + lastOpenSslError());
  }
  if (SSL_CTX_check_private_key(context) != 1) {
    return fail("key_file " + options.keyFile + " does not belong to cert_file " +
                options.certFile);
  }
  return {};
}

Expected<void> expectPeerName(SSL* ssl, const std::string& name,
                              std::optional<std::time_t> verifyAt) {
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  if (verifyAt) X509_VERIFY_PARAM_set_time(param, *verifyAt);
  if (isIpAddress(name)) {
    if (X509_VERIFY_PARAM_set1_ip_asc(param, name.c_str()) != 1) {
      return fail("cannot check the certificate for " + name + ": " + lastOpenSslError());
    }
    return {};
  }
  if (setServerNameIndication(ssl, name) != 1 || SSL_set1_host(ssl, name.c_str()) != 1) {
    return fail("cannot check the certificate for " + name + ": " + lastOpenSslError());
  }
  return {};
}

std::string verifyErrorText(const SSL* ssl) {
  const long result = SSL_get_verify_result(ssl);
  if (result == X509_V_OK) return "";
  return X509_verify_cert_error_string(result);
}

}  // namespace unyo::playbooks::net
