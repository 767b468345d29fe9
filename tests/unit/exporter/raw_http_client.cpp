#include "raw_http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>

#include "exporter/http_message.h"

namespace unyo::exporter::testing {
namespace {

std::optional<std::size_t> contentLength(const RawResponse& response) {
  const std::string value = response.header("Content-Length");
  std::size_t length = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
  if (value.empty() || ec != std::errc{}) return std::nullopt;
  return length;
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
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    return std::string(value);
  }
  return {};
}

RawConnection::RawConnection(std::uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
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
  while (!data.empty()) {
    const ssize_t sent = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(sent));
  }
  return true;
}

bool RawConnection::receiveMore(std::chrono::steady_clock::time_point deadline) {
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd waiting{.fd = fd_, .events = POLLIN, .revents = 0};
    const int ready = ::poll(&waiting, 1, static_cast<int>(left.count()));
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
  const auto deadline = std::chrono::steady_clock::now() + kGenerousDeadline;
  std::size_t headEnd = 0;
  while ((headEnd = buffered_.find("\r\n\r\n")) == std::string::npos) {
    if (!receiveMore(deadline)) return std::nullopt;
  }
  RawResponse response;
  response.head = buffered_.substr(0, headEnd + 2);
  buffered_.erase(0, headEnd + 4);
  // "HTTP/1.1 200 OK"
  if (response.head.size() < 12) return std::nullopt;
  std::from_chars(response.head.data() + 9, response.head.data() + 12, response.status);

  const bool noBody =
      headOnly || response.status < 200 || response.status == 204 || response.status == 304;
  const std::size_t length = noBody ? 0 : contentLength(response).value_or(0);
  while (buffered_.size() < length) {
    if (!receiveMore(deadline)) return std::nullopt;
  }
  response.body = buffered_.substr(0, length);
  buffered_.erase(0, length);
  return response;
}

std::optional<RawResponse> RawConnection::roundTrip(std::string_view request, bool headOnly) {
  if (!send(request)) return std::nullopt;
  return readResponse(headOnly);
}

bool RawConnection::waitForClose() {
  const auto deadline = std::chrono::steady_clock::now() + kGenerousDeadline;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd waiting{.fd = fd_, .events = POLLIN, .revents = 0};
    const int ready = ::poll(&waiting, 1, static_cast<int>(left.count()));
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

}  // namespace unyo::exporter::testing
