#pragma once

// A deliberately plain HTTP/1.1 client over POSIX sockets, so tests of the
// server do not share its HTTP code.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace unyo::testing {

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;

  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

// Connects to 127.0.0.1:port; -1 on failure.
int connectLoopback(int port);

// Sends `raw` on `fd` and reads one response (Content-Length or chunked).
std::optional<HttpReply> exchange(int fd, std::string_view raw,
                                  std::chrono::milliseconds timeout = std::chrono::seconds(10));

// One request on a new connection, closed afterwards.
std::optional<HttpReply> httpRequest(int port, std::string_view method, std::string_view target,
                                     std::vector<std::string> headers = {},
                                     std::string_view body = {});

inline std::optional<HttpReply> httpGet(int port, std::string_view target,
                                        std::vector<std::string> headers = {}) {
  return httpRequest(port, "GET", target, std::move(headers));
}

// True when the peer closed `fd` (read returns 0 or an error) within `timeout`.
bool peerClosed(int fd, std::chrono::milliseconds timeout);

// Inflates a gzip body.
std::string gunzip(std::string_view data);

}  // namespace unyo::testing
