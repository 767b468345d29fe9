#include "agent/config/remote_write_config.h"

#include <algorithm>
#include <cctype>
#include <regex>

#include "playbooks/net/url.h"

namespace unyo::agent {
namespace {

using yaml::YamlMap;

constexpr std::uint64_t kMinBufferBytes = 64 * 1024;
constexpr std::size_t kMaxSamplesPerSendLimit = 100'000;

std::string lowered(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// An HTTP field name (RFC 9110 token).
bool isHeaderName(const std::string& name) {
  static constexpr std::string_view kTokenSpecials = "!#$%&'*+-.^_`|~";
  return !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) != 0 ||
           kTokenSpecials.find(static_cast<char>(c)) != std::string_view::npos;
  });
}

std::filesystem::path resolved(const std::filesystem::path& base, const std::string& value) {
  const std::filesystem::path path(value);
  return path.is_absolute() ? path : (base / path).lexically_normal();
}

void readFile(YamlMap& map, std::string_view key, std::filesystem::path& out,
              const std::filesystem::path& base) {
  std::string value;
  if (!map.read(key, value)) return;
  if (value.empty()) {
    map.file().error(*map.get(key), std::string(key) + " must not be empty");
    return;
  }
  out = resolved(base, value);
}

void readHeaders(YamlMap& map, RemoteWriteEndpoint& endpoint) {
  auto node = map.get("headers");
  if (!node) return;
  if (!node->IsMap()) {
    map.file().error(*node, "headers must be a mapping of header names to values");
    return;
  }
  for (const auto& entry : *node) {
    auto name = yaml::asString(entry.first);
    auto value = yaml::asString(entry.second);
    if (!name || !value) {
      map.file().error(entry.second, "a header's name and value must be strings");
      continue;
    }
    if (!isHeaderName(*name)) {
      map.file().error(entry.first, "\"" + *name + "\" is not a valid header name");
      continue;
    }
    const std::string lower = lowered(*name);
    if (std::any_of(std::begin(kReservedRemoteWriteHeaders), std::end(kReservedRemoteWriteHeaders),
                    [&](const char* reserved) { return lower == reserved; })) {
      map.file().error(entry.first, "header " + *name +
                                        " is set by the agent (remote write specification or "
                                        "credentials) and cannot be overridden");
      continue;
    }
    if (value->find_first_of("\r\n") != std::string::npos ||
        value->find('\0') != std::string::npos) {
      map.file().error(entry.second, "a header value must be one line");
      continue;
    }
    endpoint.headers.emplace_back(*name, *value);
  }
}

void readBasicAuth(YamlMap& map, RemoteWriteEndpoint& endpoint, const std::filesystem::path& base) {
  auto node = map.get("basic_auth");
  if (!node) return;
  YamlMap auth(map.file(), *node, "basic_auth");
  if (auth.require("username")) auth.read("username", endpoint.basicAuthUser);
  auth.read("password", endpoint.basicAuthPassword);
  readFile(auth, "password_file", endpoint.basicAuthPasswordFile, base);
  if (endpoint.basicAuthPassword.empty() == endpoint.basicAuthPasswordFile.empty()) {
    auth.file().error(*node, "basic_auth needs exactly one of password and password_file");
  }
  if (endpoint.basicAuthUser.find(':') != std::string::npos) {
    auth.file().error(*auth.get("username"), "a basic_auth username cannot contain ':'");
  }
  auth.finish();
}

void readTls(YamlMap& map, RemoteWriteEndpoint& endpoint, const std::filesystem::path& base,
             bool https) {
  auto node = map.get("tls");
  if (!node) return;
  YamlMap tls(map.file(), *node, "tls");
  readFile(tls, "ca_file", endpoint.tls.caFile, base);
  readFile(tls, "cert_file", endpoint.tls.certFile, base);
  readFile(tls, "key_file", endpoint.tls.keyFile, base);
  tls.read("server_name", endpoint.tls.serverName);
  if (auto version = tls.get("min_version")) {
    std::string text;
    tls.read("min_version", text);
    if (text != "TLS12" && text != "TLS13") {
      tls.file().error(*version, "min_version must be TLS12 or TLS13");
    } else {
      endpoint.tls.minVersion = text;
    }
  }
  if (endpoint.tls.certFile.empty() != endpoint.tls.keyFile.empty()) {
    tls.file().error(*node, "cert_file and key_file go together");
  }
  if (!https) tls.file().error(*node, "tls settings need an https:// url");
  tls.finish();
}

void readBuffer(YamlMap& map, RemoteWriteEndpoint& endpoint) {
  auto node = map.get("buffer");
  if (!node) return;
  YamlMap buffer(map.file(), *node, "buffer");
  if (auto bytes = buffer.get("max_bytes")) {
    if (auto size = yaml::asByteSize(*bytes); !size) {
      buffer.file().error(*bytes, size.error().message);
    } else if (*size < kMinBufferBytes) {
      buffer.file().error(*bytes, "max_bytes must be at least 64KiB");
    } else {
      endpoint.bufferMaxBytes = *size;
    }
  }
  if (buffer.read("max_age", endpoint.bufferMaxAge) &&
      endpoint.bufferMaxAge < std::chrono::minutes(1)) {
    buffer.file().error(*buffer.get("max_age"), "max_age must be at least 1m");
  }
  buffer.finish();
}

void readMatch(YamlMap& map, RemoteWriteEndpoint& endpoint) {
  auto node = map.get("match");
  if (!node) return;
  auto list = yaml::asStringList(*node);
  if (!list) {
    map.file().error(*node, list.error().message);
    return;
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto& pattern = (*list)[i];
    try {
      std::regex check(pattern, std::regex::ECMAScript);
      endpoint.match.push_back(pattern);
    } catch (const std::regex_error& e) {
      const auto& at = node->IsSequence() ? (*node)[i] : *node;
      map.file().error(at, "invalid regular expression \"" + pattern + "\": " + e.what());
    }
  }
}

void readPositiveDuration(YamlMap& map, std::string_view key, std::chrono::milliseconds& out) {
  if (map.read(key, out) && out.count() <= 0) {
    map.file().error(*map.get(key), std::string(key) + " must be greater than 0");
  }
}

void readEndpoint(YamlMap& map, RemoteWriteEndpoint& endpoint, const std::filesystem::path& base) {
  bool https = false;
  if (auto url = map.require("url")) {
    std::string text;
    if (map.read("url", text)) {
      if (auto parsed = playbooks::net::parseUrl(text); !parsed) {
        map.file().error(*url, "url: " + parsed.error().message);
      } else {
        endpoint.url = text;
        https = parsed->isHttps();
      }
    }
  }
  readHeaders(map, endpoint);
  readBasicAuth(map, endpoint, base);
  readFile(map, "bearer_token_file", endpoint.bearerTokenFile, base);
  if (!endpoint.bearerTokenFile.empty() && !endpoint.basicAuthUser.empty()) {
    map.file().error(*map.get("bearer_token_file"),
                     "basic_auth and bearer_token_file cannot both be set");
  }
  readTls(map, endpoint, base, https);
  if (map.read("send_interval", endpoint.sendInterval) && endpoint.sendInterval.count() < 0) {
    map.file().error(*map.get("send_interval"), "send_interval must not be negative");
  }
  std::int64_t maxSamples = static_cast<std::int64_t>(endpoint.maxSamplesPerSend);
  if (map.read("max_samples_per_send", maxSamples)) {
    if (maxSamples < 1 || maxSamples > static_cast<std::int64_t>(kMaxSamplesPerSendLimit)) {
      map.file().error(*map.get("max_samples_per_send"),
                       "max_samples_per_send must be between 1 and 100000");
    } else {
      endpoint.maxSamplesPerSend = static_cast<std::size_t>(maxSamples);
    }
  }
  readPositiveDuration(map, "min_backoff", endpoint.minBackoff);
  readPositiveDuration(map, "max_backoff", endpoint.maxBackoff);
  if (endpoint.maxBackoff < endpoint.minBackoff) {
    map.file().error(map.get("max_backoff").value_or(map.node()),
                     "max_backoff must not be less than min_backoff");
  }
  readPositiveDuration(map, "timeout", endpoint.timeout);
  if (auto rate = map.get("rate_limit")) {
    if (auto size = yaml::asByteSize(*rate); !size) {
      map.file().error(*rate, size.error().message + " (bytes per second; 0 for no limit)");
    } else {
      endpoint.rateLimitBytes = *size;
    }
  }
  readBuffer(map, endpoint);
  readMatch(map, endpoint);
  map.finish();
}

}  // namespace

void readRemoteWrite(YamlMap& top, RemoteWriteOptions& out, const std::filesystem::path& base) {
  auto node = top.get("remote_write");
  if (!node || node->IsNull()) return;
  if (!node->IsSequence()) {
    top.file().error(*node, "remote_write must be a list of endpoints (- url: ...)");
    return;
  }
  for (const auto& item : *node) {
    RemoteWriteEndpoint endpoint;
    YamlMap map(top.file(), item, "remote_write entry");
    readEndpoint(map, endpoint, base);
    if (endpoint.url.empty()) continue;
    const bool repeated = std::any_of(out.begin(), out.end(), [&](const RemoteWriteEndpoint& e) {
      return e.url == endpoint.url;
    });
    if (repeated) {
      top.file().error(item["url"], "this url is already listed in remote_write");
      continue;
    }
    out.push_back(std::move(endpoint));
  }
}

}  // namespace unyo::agent
