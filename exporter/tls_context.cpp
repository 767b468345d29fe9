#include "exporter/tls_context.h"

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <array>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/verify_context.hpp>

#include "base/host_paths.h"

namespace unyo::exporter {
namespace {

namespace ssl = boost::asio::ssl;

// PEM files are small; a "certificate" of megabytes is a mistake or worse.
constexpr std::size_t kMaxPemBytes = 1024 * 1024;
constexpr std::string_view kSessionIdContext = "unyo";
constexpr std::array<unsigned char, 9> kHttp11Alpn{8, 'h', 't', 't', 'p', '/', '1', '.', '1'};

// OpenSSL's error queue as text, emptied.
std::string opensslErrors() {
  std::string out;
  while (const unsigned long code = ERR_get_error()) {
    std::array<char, 256> text{};
    ERR_error_string_n(code, text.data(), text.size());
    out += (out.empty() ? "" : "; ") + std::string(text.data());
  }
  return out.empty() ? "unknown OpenSSL error" : out;
}

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Deleter {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct EvpKeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;
using X509Ptr = std::unique_ptr<X509, X509Deleter>;
using EvpKeyPtr = std::unique_ptr<EVP_PKEY, EvpKeyDeleter>;

std::string_view fieldName(const PemSource& source, std::string_view fileKey,
                           std::string_view inlineKey) {
  return source.file.empty() ? inlineKey : fileKey;
}

// The PEM text of `source`, or a located error.
Expected<std::string> readPem(const PemSource& source, std::string_view what) {
  if (source.file.empty()) return source.inlineText;
  std::error_code ec;
  const auto size = std::filesystem::file_size(source.file, ec);
  if (!ec && size > kMaxPemBytes) {
    return fail(source.at,
                std::string(what) + " " + inQuotes(source.file.string()) + " is larger than 1 MiB");
  }
  auto text = readFileText(source.file);
  if (!text) {
    return fail(source.at, "cannot read " + std::string(what) + ": " + text.error().message);
  }
  return text;
}

BioPtr memoryBio(const std::string& text) {
  return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

// Certificate chain (leaf first) and key; the key must match the leaf.
Expected<void> loadIdentity(SSL_CTX* ctx, const TlsServerConfig& config) {
  const std::string certField(fieldName(config.cert, "cert_file", "cert"));
  const std::string keyField(fieldName(config.key, "key_file", "key"));
  auto certPem = readPem(config.cert, certField);
  if (!certPem) return std::unexpected(certPem.error());
  auto keyPem = readPem(config.key, keyField);
  if (!keyPem) return std::unexpected(keyPem.error());

  BioPtr certBio = memoryBio(*certPem);
  X509Ptr leaf(PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr));
  if (!leaf) {
    ERR_clear_error();
    return fail(config.cert.at, certField + " holds no PEM certificate");
  }
  if (SSL_CTX_use_certificate(ctx, leaf.get()) != 1) {
    return fail(config.cert.at, certField + ": " + opensslErrors());
  }
  SSL_CTX_clear_chain_certs(ctx);
  while (X509* intermediate = PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr)) {
    if (SSL_CTX_add0_chain_cert(ctx, intermediate) != 1) {
      X509_free(intermediate);
      return fail(config.cert.at, certField + ": " + opensslErrors());
    }
  }
  ERR_clear_error();  // the loop ends on "no start line"

  BioPtr keyBio = memoryBio(*keyPem);
  // No passphrase callback: an encrypted key fails here instead of asking a tty.
  EvpKeyPtr key(PEM_read_bio_PrivateKey(
      keyBio.get(), nullptr, [](char*, int, int, void*) { return 0; }, nullptr));
  if (!key) {
    ERR_clear_error();
    return fail(config.key.at, keyField + " holds no unencrypted PEM private key");
  }
  if (SSL_CTX_use_PrivateKey(ctx, key.get()) != 1 || SSL_CTX_check_private_key(ctx) != 1) {
    ERR_clear_error();
    return fail(config.key.at, keyField + " does not match the certificate in " + certField);
  }
  return {};
}

// Trusted roots for client certificates, also sent to clients as the CAs
// the server accepts (so curl and browsers pick the right certificate).
Expected<void> loadClientCas(SSL_CTX* ctx, const TlsServerConfig& config) {
  if (config.clientCa.empty()) return {};
  const std::string field(fieldName(config.clientCa, "client_ca_file", "client_ca"));
  auto pem = readPem(config.clientCa, field);
  if (!pem) return std::unexpected(pem.error());
  BioPtr bio = memoryBio(*pem);
  X509_STORE* store = SSL_CTX_get_cert_store(ctx);
  int count = 0;
  while (X509Ptr ca{PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)}) {
    if (X509_STORE_add_cert(store, ca.get()) != 1 || SSL_CTX_add_client_CA(ctx, ca.get()) != 1) {
      return fail(config.clientCa.at, field + ": " + opensslErrors());
    }
    ++count;
  }
  ERR_clear_error();
  if (count == 0) return fail(config.clientCa.at, field + " holds no PEM certificate");
  return {};
}

std::string asn1Text(const ASN1_STRING* text) {
  return {reinterpret_cast<const char*>(ASN1_STRING_get0_data(text)),
          static_cast<std::size_t>(ASN1_STRING_length(text))};
}

std::vector<std::string> subjectAltNames(X509* cert) {
  std::vector<std::string> sans;
  auto* names =
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  if (names == nullptr) return sans;
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
    switch (name->type) {
      case GEN_DNS:
        sans.push_back(asn1Text(name->d.dNSName));
        break;
      case GEN_EMAIL:
        sans.push_back(asn1Text(name->d.rfc822Name));
        break;
      case GEN_URI:
        sans.push_back(asn1Text(name->d.uniformResourceIdentifier));
        break;
      case GEN_IPADD: {
        const std::string raw = asn1Text(name->d.iPAddress);
        std::array<char, INET6_ADDRSTRLEN> text{};
        const int family = raw.size() == 4 ? AF_INET : raw.size() == 16 ? AF_INET6 : 0;
        if (family != 0 && inet_ntop(family, raw.data(), text.data(), text.size()) != nullptr) {
          sans.emplace_back(text.data());
        }
        break;
      }
      default:
        break;
    }
  }
  GENERAL_NAMES_free(names);
  return sans;
}

int selectHttp11(SSL*, const unsigned char** out, unsigned char* outLength,
                 const unsigned char* offered, unsigned int offeredLength, void*) {
  // OpenSSL's helper scans the client's list for ours; HTTP/2 is not spoken.
  unsigned char* selected = nullptr;
  if (SSL_select_next_proto(&selected, outLength, kHttp11Alpn.data(), kHttp11Alpn.size(), offered,
                            offeredLength) != OPENSSL_NPN_NEGOTIATED) {
    return SSL_TLSEXT_ERR_NOACK;
  }
  *out = selected;
  return SSL_TLSEXT_ERR_OK;
}

void setVerification(ssl::context& context, const TlsServerConfig& config) {
  switch (config.clientAuth) {
    case ClientAuth::none:
      context.set_verify_mode(ssl::verify_none);
      return;
    case ClientAuth::request:
    case ClientAuth::requireAny: {
      const bool required = config.clientAuth == ClientAuth::requireAny;
      context.set_verify_mode(ssl::verify_peer | (required ? ssl::verify_fail_if_no_peer_cert : 0));
      // A certificate is asked for but taken as it is, as Go does.
      context.set_verify_callback([](bool, ssl::verify_context&) { return true; });
      return;
    }
    case ClientAuth::verifyIfGiven:
    case ClientAuth::requireAndVerify: {
      const bool required = config.clientAuth == ClientAuth::requireAndVerify;
      context.set_verify_mode(ssl::verify_peer | (required ? ssl::verify_fail_if_no_peer_cert : 0));
      if (config.clientAllowedSans.empty()) return;
      context.set_verify_callback(
          [allowed = config.clientAllowedSans](bool preverified, ssl::verify_context& verify) {
            if (!preverified) return false;
            X509_STORE_CTX* store = verify.native_handle();
            if (X509_STORE_CTX_get_error_depth(store) != 0) return true;  // CAs: chain checks
            X509* leaf = X509_STORE_CTX_get_current_cert(store);
            if (leaf != nullptr && anySanAllowed(subjectAltNames(leaf), allowed)) return true;
            X509_STORE_CTX_set_error(store, X509_V_ERR_APPLICATION_VERIFICATION);
            return false;
          });
      return;
    }
  }
}

}  // namespace

bool anySanAllowed(const std::vector<std::string>& sans, const std::vector<std::string>& allowed) {
  return std::any_of(sans.begin(), sans.end(), [&](const std::string& san) {
    return std::find(allowed.begin(), allowed.end(), san) != allowed.end();
  });
}

std::expected<TlsContextPtr, Diagnostics> buildTlsContext(const TlsServerConfig& config) {
  Diagnostics diagnostics;
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  SSL_CTX* ctx = context->native_handle();
  SSL_CTX_set_options(ctx,
                      SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION |
                          (config.preferServerCipherSuites ? SSL_OP_CIPHER_SERVER_PREFERENCE : 0));
  const auto version = [](TlsVersion v) {
    return v == TlsVersion::tls13 ? TLS1_3_VERSION : TLS1_2_VERSION;
  };
  SSL_CTX_set_min_proto_version(ctx, version(config.minVersion));
  SSL_CTX_set_max_proto_version(ctx, version(config.maxVersion));
  if (!config.cipherList.empty() && SSL_CTX_set_cipher_list(ctx, config.cipherList.c_str()) != 1) {
    diagnostics.add(Error("cipher_suites: OpenSSL accepts none of them: " + opensslErrors()));
  }
  if (!config.groupList.empty() && SSL_CTX_set1_groups_list(ctx, config.groupList.c_str()) != 1) {
    diagnostics.add(Error("curve_preferences: OpenSSL accepts none of them: " + opensslErrors()));
  }
  if (auto loaded = loadIdentity(ctx, config); !loaded) diagnostics.add(loaded.error());
  if (auto loaded = loadClientCas(ctx, config); !loaded) diagnostics.add(loaded.error());
  // Without it, a resumed session of a client that sent a certificate fails.
  SSL_CTX_set_session_id_context(ctx,
                                 reinterpret_cast<const unsigned char*>(kSessionIdContext.data()),
                                 static_cast<unsigned int>(kSessionIdContext.size()));
  SSL_CTX_set_alpn_select_cb(ctx, selectHttp11, nullptr);
  setVerification(*context, config);
  if (!diagnostics.empty()) return std::unexpected(std::move(diagnostics));
  return context;
}

}  // namespace unyo::exporter
