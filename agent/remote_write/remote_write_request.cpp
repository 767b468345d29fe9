#include "agent/remote_write/remote_write_request.h"

#include "base/host_paths.h"

namespace unyo::agent {
namespace net = playbooks::net;
namespace {

// A secret file's contents without the trailing newline editors add.
Expected<std::string> readSecret(const std::filesystem::path& path, std::string_view key) {
  auto text = readFileText(path);
  if (!text) return fail(std::string(key) + ": " + text.error().message);
  while (!text->empty() && (text->back() == '\n' || text->back() == '\r')) text->pop_back();
  if (text->empty()) return fail(std::string(key) + " " + path.string() + " is empty");
  return *text;
}

}  // namespace

std::string base64Encode(std::string_view data) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  auto byte = [&](std::size_t at) -> std::uint32_t { return static_cast<unsigned char>(data[at]); };
  auto put = [&](std::uint32_t n, int chars) {
    for (int k = 0; k < 4; ++k) {
      out += k < chars ? kAlphabet[(n >> (18 - 6 * k)) & 63U] : '=';
    }
  };
  for (; i + 2 < data.size(); i += 3) put((byte(i) << 16U) | (byte(i + 1) << 8U) | byte(i + 2), 4);
  if (i + 1 == data.size()) put(byte(i) << 16U, 2);
  if (i + 2 == data.size()) put((byte(i) << 16U) | (byte(i + 1) << 8U), 3);
  return out;
}

std::string urlLabel(std::string_view url) {
  const auto cut = url.find_first_of("?#");
  return std::string(url.substr(0, cut));
}

Expected<net::HttpClientRequest> buildWriteRequest(const RemoteWriteEndpoint& endpoint,
                                                   std::string body, std::string_view userAgent) {
  auto url = net::parseUrl(endpoint.url);
  if (!url) return std::unexpected(url.error());
  net::HttpClientRequest request;
  request.method = "POST";
  request.url = std::move(*url);
  request.body = std::move(body);
  request.timeout = endpoint.timeout;
  request.maxBody = 4096;  // the receiver's error message; the rest is not needed
  request.headers = {{"Content-Encoding", "snappy"},
                     {"Content-Type", "application/x-protobuf"},
                     {"User-Agent", std::string(userAgent)},
                     {"X-Prometheus-Remote-Write-Version", "0.1.0"}};
  for (const auto& header : endpoint.headers) request.headers.push_back(header);
  if (!endpoint.bearerTokenFile.empty()) {
    auto token = readSecret(endpoint.bearerTokenFile, "bearer_token_file");
    if (!token) return std::unexpected(token.error());
    request.headers.emplace_back("Authorization", "Bearer " + *token);
  } else if (!endpoint.basicAuthUser.empty()) {
    std::string password = endpoint.basicAuthPassword;
    if (!endpoint.basicAuthPasswordFile.empty()) {
      auto read = readSecret(endpoint.basicAuthPasswordFile, "basic_auth.password_file");
      if (!read) return std::unexpected(read.error());
      password = std::move(*read);
    }
    request.headers.emplace_back("Authorization",
                                 "Basic " + base64Encode(endpoint.basicAuthUser + ":" + password));
  }
  request.tls.caFile = endpoint.tls.caFile.string();
  request.tls.certFile = endpoint.tls.certFile.string();
  request.tls.keyFile = endpoint.tls.keyFile.string();
  request.tls.serverName = endpoint.tls.serverName;
  request.tls.tls13Only = endpoint.tls.minVersion == "TLS13";
  return request;
}

}  // namespace unyo::agent
