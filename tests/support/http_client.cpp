#include "support/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <charconv>
#include <cstdint>
#include <utility>

namespace unyo::testing {
namespace {

using SteadyClock = std::chrono::steady_clock;

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::optional<std::size_t> parseSize(std::string_view text, int base) {
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (text.empty() || ec != std::errc{}) return std::nullopt;
  return value;
}

int millisecondsLeft(SteadyClock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
  return static_cast<int>(left.count());
}

}  // namespace

std::string RawResponse::header(std::string_view name) const {
  std::string_view rest = head;
  while (!rest.empty()) {
    const auto eol = rest.find("\r\n");
    const std::string_view line = rest.substr(0, eol);
    rest = eol == std::string_view::npos ? std::string_view{} : rest.substr(eol + 2);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || !equalsIgnoringCase(line.substr(0, colon), name)) {
      continue;
    }
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    return std::string(value);
  }
  return {};
}

RawConnection::RawConnection(int port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) ::close(fd_);
}

RawConnection::RawConnection(RawConnection&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), buffered_(std::move(other.buffered_)) {}

bool RawConnection::send(std::string_view data) {
  if (fd_ < 0) return false;
  while (!data.empty()) {
    const ssize_t sent = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(sent));
  }
  return true;
}

bool RawConnection::receiveMore(SteadyClock::time_point deadline) {
  if (fd_ < 0) return false;
  for (;;) {
    const int left = millisecondsLeft(deadline);
    if (left <= 0) return false;
    pollfd waiting{.fd = fd_, .events = POLLIN, .revents = 0};
    const int ready = ::poll(&waiting, 1, left);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return false;
    char chunk[16384];
    const ssize_t received = ::recv(fd_, chunk, sizeof chunk, 0);
    if (received < 0 && errno == EINTR) continue;
    if (received <= 0) return false;
    buffered_.append(chunk, static_cast<std::size_t>(received));
    return true;
  }
}

std::optional<RawResponse> RawConnection::readResponse(bool headOnly) {
  const auto deadline = SteadyClock::now() + kGenerousDeadline;
  std::size_t headEnd = 0;
  while ((headEnd = buffered_.find("\r\n\r\n")) == std::string::npos) {
    if (!receiveMore(deadline)) return std::nullopt;
  }
  RawResponse response;
  response.head = buffered_.substr(0, headEnd + 2);
  buffered_.erase(0, headEnd + 4);
  // "HTTP/1.1 200 OK"
  if (response.head.size() < 12 || response.head.compare(0, 5, "HTTP/") != 0) return std::nullopt;
  std::from_chars(response.head.data() + 9, response.head.data() + 12, response.status);

  if (headOnly || response.status < 200 || response.status == 204 || response.status == 304) {
    return response;
  }
  if (equalsIgnoringCase(response.header("Transfer-Encoding"), "chunked")) {
    for (;;) {
      std::size_t sizeEnd = 0;
      while ((sizeEnd = buffered_.find("\r\n")) == std::string::npos) {
        if (!receiveMore(deadline)) return std::nullopt;
      }
      const std::string_view sizeLine = std::string_view(buffered_).substr(0, sizeEnd);
      const auto size = parseSize(sizeLine.substr(0, sizeLine.find(';')), 16);
      if (!size) return std::nullopt;
      if (*size == 0) {  // the last chunk; no trailer fields expected
        while (buffered_.size() < sizeEnd + 4) {
          if (!receiveMore(deadline)) return std::nullopt;
        }
        buffered_.erase(0, sizeEnd + 4);
        return response;
      }
      while (buffered_.size() < sizeEnd + 2 + *size + 2) {
        if (!receiveMore(deadline)) return std::nullopt;
      }
      response.body += buffered_.substr(sizeEnd + 2, *size);
      buffered_.erase(0, sizeEnd + 2 + *size + 2);
    }
  }
  const std::string lengthField = response.header("Content-Length");
  if (lengthField.empty()) {  // delimited by the end of the connection
    while (receiveMore(deadline)) {
    }
    response.body = std::exchange(buffered_, {});
    return response;
  }
  const auto length = parseSize(lengthField, 10);
  if (!length) return std::nullopt;
  while (buffered_.size() < *length) {
    if (!receiveMore(deadline)) return std::nullopt;
  }
  response.body = buffered_.substr(0, *length);
  buffered_.erase(0, *length);
  return response;
}

std::optional<RawResponse> RawConnection::roundTrip(std::string_view request, bool headOnly) {
  if (!connected()) return std::nullopt;
  send(request);  // a short send is fine when the server answers early
  return readResponse(headOnly);
}

bool RawConnection::waitForClose() {
  if (fd_ < 0) return false;
  const auto deadline = SteadyClock::now() + kGenerousDeadline;
  for (;;) {
    const int left = millisecondsLeft(deadline);
    if (left <= 0) return false;
    pollfd waiting{.fd = fd_, .events = POLLIN, .revents = 0};
    const int ready = ::poll(&waiting, 1, left);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return false;
    char chunk[16384];
    const ssize_t received = ::recv(fd_, chunk, sizeof chunk, 0);
    if (received == 0) return true;
    if (received < 0 && errno != EINTR) return errno == ECONNRESET;
  }
}

bool RawConnection::isQuietNow() {
  pollfd waiting{.fd = fd_, .events = POLLIN, .revents = 0};
  return ::poll(&waiting, 1, 0) == 0;
}

std::string getRequest(std::string_view path, std::string_view extraHeaders) {
  return "GET " + std::string(path) + " HTTP/1.1\r\nHost: test\r\n" + std::string(extraHeaders) +
         "\r\n";
}

std::optional<RawResponse> httpRequest(int port, std::string_view method, std::string_view target,
                                       const std::vector<std::string>& headers,
                                       std::string_view body) {
  RawConnection connection(port);
  if (!connection.connected()) return std::nullopt;
  std::string request = std::string(method) + " " + std::string(target) +
                        " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  for (const auto& field : headers) request += field + "\r\n";
  if (!body.empty() || method == "POST") {
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  request += "\r\n";
  request += body;
  return connection.roundTrip(request, /*headOnly=*/method == "HEAD");
}

std::optional<std::string> gunzip(std::string_view compressed) {
  z_stream stream{};
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) return std::nullopt;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  std::string out;
  char chunk[16384];
  int rc = Z_OK;
  do {
    stream.next_out = reinterpret_cast<Bytef*>(chunk);
    stream.avail_out = sizeof chunk;
    rc = inflate(&stream, Z_NO_FLUSH);
    out.append(chunk, sizeof chunk - stream.avail_out);
  } while (rc == Z_OK);
  inflateEnd(&stream);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

}  // namespace unyo::testing
