#include "exporter/web_config.h"

#include <algorithm>
#include <array>
#include <string>

#include "base/host_paths.h"
#include "base/yaml_reader.h"

namespace unyo::exporter {
namespace {

using yaml::YamlFile;
using yaml::YamlMap;

struct Choice {
  std::string_view name;
  std::string_view openssl;
};

// Go's crypto/tls names (tls.CipherSuites()) in OpenSSL's spelling. The TLS
// 1.3 suites are accepted, as Go accepts them, and left to OpenSSL: neither
// lets them be chosen.
constexpr std::array<Choice, 17> kCipherSuites{{
    {"TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA"},
    {"TLS_RSA_WITH_AES_256_CBC_SHA", "AES256-SHA"},
    {"TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256"},
    {"TLS_RSA_WITH_AES_256_GCM_SHA384", "AES256-GCM-SHA384"},
    {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE-ECDSA-AES128-SHA"},
    {"TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ECDHE-ECDSA-AES256-SHA"},
    {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA"},
    {"TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "ECDHE-RSA-AES256-SHA"},
    {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256"},
    {"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384"},
    {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256"},
    {"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384"},
    {"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305"},
    {"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305"},
    {"TLS_AES_128_GCM_SHA256", ""},
    {"TLS_AES_256_GCM_SHA384", ""},
    {"TLS_CHACHA20_POLY1305_SHA256", ""},
}};

constexpr std::array<Choice, 4> kCurves{{
    {"CurveP256", "P-256"},
    {"CurveP384", "P-384"},
    {"CurveP521", "P-521"},
    {"X25519", "X25519"},
}};

constexpr std::array<std::pair<std::string_view, ClientAuth>, 6> kClientAuth{{
    {"NoClientCert", ClientAuth::none},
    {"RequestClientCert", ClientAuth::request},
    {"RequireAnyClientCert", ClientAuth::requireAny},
    {"RequireClientCert", ClientAuth::requireAny},  // exporter-toolkit's old spelling
    {"VerifyClientCertIfGiven", ClientAuth::verifyIfGiven},
    {"RequireAndVerifyClientCert", ClientAuth::requireAndVerify},
}};

// The headers exporter-toolkit lets a web config set, and the values it
// allows (empty: any).
struct AllowedHeader {
  std::string_view name;
  std::array<std::string_view, 2> values;
};
constexpr std::array<AllowedHeader, 5> kAllowedHeaders{{
    {"Strict-Transport-Security", {}},
    {"X-Content-Type-Options", {"nosniff", ""}},
    {"X-Frame-Options", {"deny", "sameorigin"}},
    {"X-XSS-Protection", {}},
    {"Content-Security-Policy", {}},
}};

template <std::size_t N>
std::string namesOf(const std::array<Choice, N>& choices) {
  std::string out;
  for (const Choice& choice : choices) out += (out.empty() ? "" : ", ") + std::string(choice.name);
  return out;
}

// A list of names mapped through `choices` into a ":"-joined OpenSSL list.
template <std::size_t N>
void readNameList(YamlMap& map, std::string_view key, const std::array<Choice, N>& choices,
                  std::string_view what, std::string& out) {
  auto node = map.get(key);
  if (!node) return;
  if (!node->IsSequence()) {
    return map.file().error(
        *node, "expected a list of " + std::string(what) + " names, got " + yaml::describe(*node));
  }
  for (const auto& item : *node) {
    auto name = yaml::asString(item);
    if (!name) {
      map.file().error(item, name.error().message);
      continue;
    }
    const auto found = std::find_if(choices.begin(), choices.end(),
                                    [&](const Choice& c) { return c.name == *name; });
    if (found == choices.end()) {
      map.file().error(item, "unknown " + std::string(what) + " \"" + *name +
                                 "\" (known: " + namesOf(choices) + ")");
      continue;
    }
    if (found->openssl.empty()) continue;
    out += (out.empty() ? "" : ":") + std::string(found->openssl);
  }
}

void readVersion(YamlMap& map, std::string_view key, TlsVersion& out) {
  auto node = map.get(key);
  if (!node) return;
  auto text = yaml::asString(*node);
  if (!text) return map.file().error(*node, text.error().message);
  if (*text == "TLS12") {
    out = TlsVersion::tls12;
  } else if (*text == "TLS13") {
    out = TlsVersion::tls13;
  } else if (*text == "TLS10" || *text == "TLS11") {
    map.file().error(*node, std::string(key) + " " + *text +
                                " is refused: TLS 1.0 and 1.1 are broken; use TLS12 or TLS13");
  } else {
    map.file().error(*node, std::string(key) + " must be TLS12 or TLS13, got \"" + *text + "\"");
  }
}

// `file_key` (a path) or `inline_key` (PEM text), never both.
void readPem(YamlMap& map, const std::filesystem::path& folder, std::string_view fileKey,
             std::string_view inlineKey, PemSource& out) {
  auto fileNode = map.get(fileKey);
  auto inlineNode = map.get(inlineKey);
  if (fileNode && inlineNode) {
    map.file().error(*inlineNode, "set " + std::string(fileKey) + " or " + std::string(inlineKey) +
                                      ", not both");
    return;
  }
  std::string path;
  if (fileNode && map.read(fileKey, path) && !path.empty()) {
    out.file =
        std::filesystem::path(path).is_absolute() ? std::filesystem::path(path) : folder / path;
    out.at = map.file().at(*fileNode);
  }
  if (inlineNode && map.read(inlineKey, out.inlineText)) out.at = map.file().at(*inlineNode);
}

void readClientAuth(YamlMap& map, ClientAuth& out) {
  auto node = map.get("client_auth_type");
  if (!node) return;
  auto text = yaml::asString(*node);
  if (!text) return map.file().error(*node, text.error().message);
  if (text->empty()) return;
  for (const auto& [name, value] : kClientAuth) {
    if (name == *text) {
      out = value;
      return;
    }
  }
  map.file().error(*node, "unknown client_auth_type \"" + *text +
                              "\" (known: NoClientCert, RequestClientCert, RequireAnyClientCert, "
                              "VerifyClientCertIfGiven, RequireAndVerifyClientCert)");
}

bool verifiesClientCertificates(ClientAuth auth) {
  return auth == ClientAuth::verifyIfGiven || auth == ClientAuth::requireAndVerify;
}

// exporter-toolkit serves plain HTTP when the section sets nothing TLS-related.
std::optional<TlsServerConfig> readTls(YamlMap& top, const std::filesystem::path& folder) {
  auto node = top.get("tls_server_config");
  if (!node || node->IsNull()) return std::nullopt;
  YamlMap map(top.file(), *node, "tls_server_config");
  TlsServerConfig tls;
  readPem(map, folder, "cert_file", "cert", tls.cert);
  readPem(map, folder, "key_file", "key", tls.key);
  readPem(map, folder, "client_ca_file", "client_ca", tls.clientCa);
  readClientAuth(map, tls.clientAuth);
  map.read("client_allowed_sans", tls.clientAllowedSans);
  readVersion(map, "min_version", tls.minVersion);
  readVersion(map, "max_version", tls.maxVersion);
  readNameList(map, "cipher_suites", kCipherSuites, "cipher suite", tls.cipherList);
  readNameList(map, "curve_preferences", kCurves, "curve", tls.groupList);
  map.read("prefer_server_cipher_suites", tls.preferServerCipherSuites);
  map.finish();
  if (!map.isMapping()) return std::nullopt;

  const bool anything = !tls.cert.empty() || !tls.key.empty() || !tls.clientCa.empty() ||
                        map.get("client_auth_type").has_value();
  if (!anything) return std::nullopt;
  const YamlFile& file = map.file();
  if (tls.cert.empty()) file.error(*node, "tls_server_config needs cert_file (or cert)");
  if (tls.key.empty()) file.error(*node, "tls_server_config needs key_file (or key)");
  if (tls.minVersion > tls.maxVersion) {
    file.error(*map.get("min_version"), "min_version is above max_version");
  }
  if (!tls.clientCa.empty() && !verifiesClientCertificates(tls.clientAuth) &&
      tls.clientAuth != ClientAuth::request && tls.clientAuth != ClientAuth::requireAny) {
    file.error(*node,
               "client CAs are configured without a client_auth_type that asks for certificates "
               "(use RequireAndVerifyClientCert or VerifyClientCertIfGiven)");
  }
  if (tls.clientCa.empty() && verifiesClientCertificates(tls.clientAuth)) {
    file.error(*map.get("client_auth_type"),
               "client_auth_type verifies client certificates but no client_ca_file says "
               "against what");
  }
  if (!tls.clientAllowedSans.empty() && !verifiesClientCertificates(tls.clientAuth)) {
    file.error(*map.get("client_allowed_sans"),
               "client_allowed_sans needs client_auth_type RequireAndVerifyClientCert or "
               "VerifyClientCertIfGiven: an unverified certificate can name any SAN");
  }
  return tls;
}

void readHeaders(YamlMap& http, WebConfig& config) {
  auto node = http.get("headers");
  if (!node || node->IsNull()) return;
  if (!node->IsMap()) {
    return http.file().error(*node,
                             "expected a mapping of header: value, got " + yaml::describe(*node));
  }
  for (const auto& entry : *node) {
    auto name = yaml::asString(entry.first);
    auto value = yaml::asString(entry.second);
    if (!name || !value) {
      http.file().error(entry.second, "expected a header name and a text value");
      continue;
    }
    const auto allowed = std::find_if(kAllowedHeaders.begin(), kAllowedHeaders.end(),
                                      [&](const AllowedHeader& h) { return h.name == *name; });
    if (allowed == kAllowedHeaders.end()) {
      http.file().error(entry.first,
                        "header \"" + *name +
                            "\" cannot be configured (allowed: Strict-Transport-Security, "
                            "X-Content-Type-Options, X-Frame-Options, X-XSS-Protection, "
                            "Content-Security-Policy)");
      continue;
    }
    const bool anyValue = allowed->values[0].empty();
    const bool listed =
        std::find(allowed->values.begin(), allowed->values.end(), *value) != allowed->values.end();
    if (!anyValue && (value->empty() || !listed)) {
      std::string expected(allowed->values[0]);
      if (!allowed->values[1].empty()) expected += " or " + std::string(allowed->values[1]);
      http.file().error(entry.second, "invalid value for " + *name + ": expected " + expected +
                                          ", got \"" + *value + "\"");
      continue;
    }
    if (value->find_first_of("\r\n") != std::string::npos) {
      http.file().error(entry.second, "a header value cannot span lines");
      continue;
    }
    config.headers.emplace_back(*name, *value);
  }
}

void readHttp(YamlMap& top, WebConfig& config) {
  auto node = top.get("http_server_config");
  if (!node || node->IsNull()) return;
  YamlMap map(top.file(), *node, "http_server_config");
  map.read("http2", config.http2);
  readHeaders(map, config);
  map.finish();
}

void readUsers(YamlMap& top, WebConfig& config) {
  auto node = top.get("basic_auth_users");
  if (!node || node->IsNull()) return;
  if (!node->IsMap()) {
    return top.file().error(
        *node, "expected a mapping of user: bcrypt hash, got " + yaml::describe(*node));
  }
  for (const auto& entry : *node) {
    auto user = yaml::asString(entry.first);
    auto hash = yaml::asString(entry.second);
    if (!user || user->empty()) {
      top.file().error(entry.first, "expected a user name");
      continue;
    }
    // A colon cannot be sent in Basic credentials: the user could never log in.
    if (user->find(':') != std::string::npos) {
      top.file().error(entry.first, "user name \"" + *user + "\" contains ':'");
      continue;
    }
    if (!hash || !isBcryptHash(*hash)) {
      top.file().error(entry.second,
                       "the password of \"" + *user +
                           "\" must be a bcrypt hash ($2y$10$... as htpasswd -nBC 10 USER prints)");
      continue;
    }
    config.basicAuthUsers.emplace_back(*user, *hash);
  }
}

void readRateLimit(YamlMap& top, WebConfig& config) {
  auto node = top.get("rate_limit");
  if (!node || node->IsNull()) return;
  YamlMap map(top.file(), *node, "rate_limit");
  RateLimit limit;
  map.read("interval", limit.interval);
  map.read("burst", limit.burst);
  map.finish();
  if (!map.isMapping() || limit.interval.count() <= 0) return;  // exporter-toolkit: off
  if (limit.burst < 1) {
    const auto at = map.get("burst");
    map.file().error(at ? *at : *node,
                     "rate_limit.burst must be at least 1 (0 refuses every request)");
    return;
  }
  config.rateLimit = limit;
}

}  // namespace

bool isBcryptHash(std::string_view hash) {
  constexpr std::size_t kLength = 60;
  if (hash.size() != kLength || hash[0] != '$' || hash[1] != '2' || hash[3] != '$' ||
      hash[6] != '$') {
    return false;
  }
  if (hash[2] != 'a' && hash[2] != 'b' && hash[2] != 'y') return false;
  if (hash[4] < '0' || hash[4] > '9' || hash[5] < '0' || hash[5] > '9') return false;
  const int cost = (hash[4] - '0') * 10 + (hash[5] - '0');
  if (cost < 4 || cost > 31) return false;
  return std::all_of(hash.begin() + 7, hash.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '/';
  });
}

std::expected<WebConfig, Diagnostics> parseWebConfig(std::string_view text,
                                                     const std::filesystem::path& file) {
  Diagnostics diagnostics;
  auto root = yaml::parseText(text, file.string());
  if (!root) {
    diagnostics.add(root.error());
    return std::unexpected(std::move(diagnostics));
  }
  WebConfig config;
  config.file = file;
  const std::filesystem::path folder = std::filesystem::absolute(file).parent_path();
  YamlFile yamlFile{file.string(), diagnostics};
  // An empty file is a valid web config: plain HTTP, no users.
  if (!root->IsNull()) {
    YamlMap top(yamlFile, *root, "web config");
    config.tls = readTls(top, folder);
    readHttp(top, config);
    readUsers(top, config);
    readRateLimit(top, config);
    top.finish();
  }
  if (!diagnostics.empty()) return std::unexpected(std::move(diagnostics));
  return config;
}

std::expected<WebConfig, Diagnostics> readWebConfig(const std::filesystem::path& file) {
  auto text = readFileText(file);
  if (!text) {
    Diagnostics diagnostics;
    diagnostics.add(Error("cannot read the web config: " + text.error().message));
    return std::unexpected(std::move(diagnostics));
  }
  return parseWebConfig(*text, file);
}

}  // namespace unyo::exporter
