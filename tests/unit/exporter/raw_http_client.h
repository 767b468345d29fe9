#pragma once

// A deliberately dumb HTTP client on a raw POSIX socket, so server tests can
// send exactly the bytes they mean (oversized headers, garbage, idle
// connections) and see exactly what comes back. Every wait has a generous
// deadline and fails the wait, never the process, when it passes.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace unyo::exporter::testing {

inline constexpr std::chrono::seconds kGenerousDeadline{20};

struct RawResponse {
  int status = 0;
  std::string head;  // status line and header fields, as received
  std::string body;

  // The value of header `name` (any case), or "" when absent.
  std::string header(std::string_view name) const;
};

class RawConnection {
 public:
  // Connects to 127.0.0.1:`port`; check connected().
  explicit RawConnection(std::uint16_t port);
  ~RawConnection();
  RawConnection(RawConnection&& other) noexcept;
  RawConnection& operator=(RawConnection&&) = delete;
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return fd_ >= 0; }

  // Sends all of `data`; false when the server closed or reset.
  bool send(std::string_view data);

  // Reads one response. The body is read by Content-Length, none for
  // `headOnly` and for 1xx/204/304. nullopt on EOF, error or deadline.
  std::optional<RawResponse> readResponse(bool headOnly = false);

  // Sends `request` and reads its response.
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

}  // namespace unyo::exporter::testing
