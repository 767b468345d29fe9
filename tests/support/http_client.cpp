#include "support/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace unyo::testing {
namespace {

using Clock = std::chrono::steady_clock;

// Reads more bytes into `buffer`; false on EOF, error or timeout.
bool readMore(int fd, std::string& buffer, Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() <= 0) return false;
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
  char chunk[16384];
  const ssize_t n = ::read(fd, chunk, sizeof chunk);
  if (n <= 0) return false;
  buffer.append(chunk, static_cast<std::size_t>(n));
  return true;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

int connectLoopback(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

std::optional<HttpReply> exchange(int fd, std::string_view raw, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  std::size_t sent = 0;
  while (sent < raw.size()) {
    const ssize_t n = ::send(fd, raw.data() + sent, raw.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may answer (431) before reading everything
    sent += static_cast<std::size_t>(n);
  }
  std::string buffer;
  std::size_t headerEnd;
  while ((headerEnd = buffer.find("\r\n\r\n")) == std::string::npos) {
    if (!readMore(fd, buffer, deadline)) return std::nullopt;
  }
  HttpReply reply;
  const std::string head = buffer.substr(0, headerEnd);
  std::size_t lineEnd = head.find("\r\n");
  const std::string statusLine = head.substr(0, lineEnd);
  if (statusLine.size() < 12) return std::nullopt;
  reply.status = std::atoi(statusLine.c_str() + 9);
  while (lineEnd != std::string::npos && lineEnd < head.size()) {
    const std::size_t start = lineEnd + 2;
    const std::size_t next = head.find("\r\n", start);
    const std::string line = head.substr(start, next - start);
    const std::size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::string value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      reply.headers[lower(line.substr(0, colon))] = value;
    }
    lineEnd = next;
  }
  std::string rest = buffer.substr(headerEnd + 4);
  if (lower(reply.header("transfer-encoding")) == "chunked") {
    std::string body;
    for (;;) {
      std::size_t sizeEnd;
      while ((sizeEnd = rest.find("\r\n")) == std::string::npos) {
        if (!readMore(fd, rest, deadline)) return std::nullopt;
      }
      const std::size_t size = std::stoul(rest.substr(0, sizeEnd), nullptr, 16);
      while (rest.size() < sizeEnd + 2 + size + 2) {
        if (!readMore(fd, rest, deadline)) return std::nullopt;
      }
      body += rest.substr(sizeEnd + 2, size);
      rest.erase(0, sizeEnd + 2 + size + 2);
      if (size == 0) break;
    }
    reply.body = std::move(body);
  } else if (!reply.header("content-length").empty()) {
    const std::size_t length = std::stoul(reply.header("content-length"));
    while (rest.size() < length) {
      if (!readMore(fd, rest, deadline)) return std::nullopt;
    }
    reply.body = rest.substr(0, length);
  } else {
    while (readMore(fd, rest, deadline)) {
    }
    reply.body = std::move(rest);
  }
  return reply;
}

std::optional<HttpReply> httpRequest(int port, std::string_view method, std::string_view target,
                                     std::vector<std::string> headers, std::string_view body) {
  const int fd = connectLoopback(port);
  if (fd < 0) return std::nullopt;
  std::string raw = std::string(method) + " " + std::string(target) +
                    " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  for (const auto& h : headers) raw += h + "\r\n";
  if (!body.empty() || method == "POST") {
    raw += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  raw += "\r\n";
  raw += body;
  auto reply = exchange(fd, raw);
  ::close(fd);
  return reply;
}

bool peerClosed(int fd, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char c[4096];
    const ssize_t n = ::read(fd, c, sizeof c);
    if (n <= 0) return true;
  }
}

std::string gunzip(std::string_view data) {
  z_stream z{};
  inflateInit2(&z, 16 + MAX_WBITS);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char chunk[16384];
  int rc;
  do {
    z.next_out = reinterpret_cast<Bytef*>(chunk);
    z.avail_out = sizeof chunk;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(chunk, sizeof chunk - z.avail_out);
  } while (rc == Z_OK);
  inflateEnd(&z);
  return rc == Z_STREAM_END ? out : std::string();
}

}  // namespace unyo::testing
