#pragma once

// A deliberately plain HTTP/1.1 client on a raw POSIX socket, so tests of
// the server do not share its HTTP code and can send exactly the bytes they
// mean (oversized headers, garbage, idle connections) and see exactly what
// comes back. Every wait has a generous deadline and fails the wait, never
// the process, when it passes.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace unyo::testing {

inline constexpr std::chrono::seconds kGenerousDeadline{20};

struct RawResponse {
  int status = 0;
  std::string head;  // status line and header fields, as received
  std::string body;  // decoded from chunked transfer coding when it was chunked

  // The value of header `name` (any case), or "" when absent.
  std::string header(std::string_view name) const;
};

class RawConnection {
 public:
  // Connects to 127.0.0.1:`port`; check connected().
  explicit RawConnection(int port);
  ~RawConnection();
  RawConnection(RawConnection&& other) noexcept;
  RawConnection& operator=(RawConnection&&) = delete;
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return fd_ >= 0; }

  // Sends all of `data`; false when the server closed or reset.
  bool send(std::string_view data);

  // Reads one response. None for `headOnly` and for 1xx/204/304; otherwise
  // the body is read by Transfer-Encoding: chunked, by Content-Length, or
  // up to the end of the connection. nullopt on EOF, error or deadline.
  std::optional<RawResponse> readResponse(bool headOnly = false);

  // Sends `request` and reads its response. The server may answer (431,
  // 413) before reading all of it, so a short send still reads.
  std::optional<RawResponse> roundTrip(std::string_view request, bool headOnly = false);

  // True when the server closes the connection (EOF or reset) before the
  // deadline; data arriving meanwhile is discarded.
  bool waitForClose();

  // True when nothing at all is readable right now: neither data nor EOF.
  bool isQuietNow();

 private:
  // Appends what arrives to buffered_; false on EOF, error or deadline.
  bool receiveMore(std::chrono::steady_clock::time_point deadline);

  int fd_ = -1;
  std::string buffered_;
};

// "GET /path HTTP/1.1" with a Host field and `extraHeaders` (each ending in
// "\r\n").
std::string getRequest(std::string_view path, std::string_view extraHeaders = {});

// One request on a new connection (with Connection: close); `headers` are
// whole fields without line ends ("Authorization: Bearer x"). A POST always
// carries Content-Length. nullopt when the connection or the read failed.
std::optional<RawResponse> httpRequest(int port, std::string_view method, std::string_view target,
                                       const std::vector<std::string>& headers = {},
                                       std::string_view body = {});

inline std::optional<RawResponse> httpGet(int port, std::string_view target,
                                          const std::vector<std::string>& headers = {}) {
  return httpRequest(port, "GET", target, headers);
}

// Inflates a gzip body; nullopt when it is not a complete gzip stream.
std::optional<std::string> gunzip(std::string_view compressed);

}  // namespace unyo::testing
