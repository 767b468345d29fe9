#pragma once

// The config's `remote_write:` list (docs/config.md): where the agent pushes
// its own samples, how, and how much it keeps on disk while a receiver is
// away. Plain data; config/ fills it, RemoteWriter acts on it.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace unyo::agent {

struct RemoteWriteTls {
  std::filesystem::path caFile;    // trust this bundle instead of the system's
  std::filesystem::path certFile;  // client certificate (mTLS), with keyFile
  std::filesystem::path keyFile;
  std::string serverName;  // the name to verify (and send as SNI) instead of the URL's host
  std::string minVersion = "TLS12";  // TLS12 or TLS13
  bool operator==(const RemoteWriteTls&) const = default;
};

struct RemoteWriteEndpoint {
  std::string url;  // http:// or https://, no credentials in it
  std::vector<std::pair<std::string, std::string>> headers;  // never the reserved ones
  std::string basicAuthUser;
  std::filesystem::path basicAuthPasswordFile;
  std::string basicAuthPassword;  // `password:` written inline
  std::filesystem::path bearerTokenFile;
  RemoteWriteTls tls;
  // 0: send each sample as soon as it is taken.
  std::chrono::milliseconds sendInterval{0};
  std::size_t maxSamplesPerSend = 2000;
  std::chrono::milliseconds minBackoff{std::chrono::seconds(1)};
  std::chrono::milliseconds maxBackoff{std::chrono::minutes(5)};
  // Bytes per second on the wire while a backlog drains; 0: no limit.
  std::uint64_t rateLimitBytes = 1024 * 1024;
  std::uint64_t bufferMaxBytes = 256ULL * 1024 * 1024;
  std::chrono::milliseconds bufferMaxAge{std::chrono::hours(24 * 7)};
  std::chrono::milliseconds timeout{std::chrono::seconds(30)};  // one request, connect to answer
  // Metric-name regexes (whole-name match); empty: everything.
  std::vector<std::string> match;
  bool operator==(const RemoteWriteEndpoint&) const = default;
};

using RemoteWriteOptions = std::vector<RemoteWriteEndpoint>;

// Headers the remote write specification (or HTTP itself) reserves: a
// `headers:` entry may not set them. Lower case.
inline constexpr const char* kReservedRemoteWriteHeaders[] = {"authorization",
                                                              "host",
                                                              "content-encoding",
                                                              "content-type",
                                                              "content-length",
                                                              "user-agent",
                                                              "x-prometheus-remote-write-version",
                                                              "connection",
                                                              "keep-alive",
                                                              "transfer-encoding",
                                                              "upgrade",
                                                              "proxy-authorization",
                                                              "te"};

}  // namespace unyo::agent
