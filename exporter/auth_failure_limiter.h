#pragma once

// Slows down token guessing: counts failed authentications per client
// address and, once a client has failed `maxFailures` times within a
// window, refuses its requests (429) until that window has passed.
// Successful requests are never counted. Memory is bounded: at most
// `maxClients` addresses are tracked; a new one pushes out the one whose
// window started first.

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"

namespace unyo::exporter {

class AuthFailureLimiter {
 public:
  struct Limits {
    std::size_t maxFailures = 10;
    Clock::Duration window = std::chrono::minutes(1);
    std::size_t maxClients = 4096;
  };

  explicit AuthFailureLimiter(const Clock& clock) : AuthFailureLimiter(clock, Limits{}) {}
  AuthFailureLimiter(const Clock& clock, Limits limits) : clock_(clock), limits_(limits) {}

  // How long until `client` may try again, when it is refused now.
  std::optional<std::chrono::seconds> blockedFor(std::string_view client) const;
  void recordFailure(std::string_view client);

  std::size_t trackedClients() const { return clients_.size(); }

 private:
  struct Failures {
    Clock::SteadyTime windowStart;
    std::size_t count = 0;
  };
  void forgetOldest();

  const Clock& clock_;
  Limits limits_;
  std::map<std::string, Failures, std::less<>> clients_;
};

// The client's address without its port: "10.0.0.5:51234" -> "10.0.0.5",
// "[fe80::1]:51234" -> "fe80::1" (every connection has its own port).
std::string clientHost(std::string_view remoteAddress);

}  // namespace unyo::exporter
