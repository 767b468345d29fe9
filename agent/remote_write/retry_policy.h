#pragma once

// When to send again after a failure. A fleet of agents that lost the same
// receiver must not come back in step: every wait is "full jitter" (uniform
// between zero and the exponential cap), so 35,000 retries spread over the
// whole window instead of arriving together.

#include <chrono>
#include <optional>
#include <string_view>

#include "base/clock.h"

namespace unyo::agent {

enum class SendOutcome {
  sent,      // 2xx: the receiver has the samples
  retry,     // 5xx, 429, or no answer: the same batch again later
  rejected,  // any other status: sending it again would fail again
};

SendOutcome classifyStatus(int status);

// The wait before retry number `attempt` (1 for the first): uniform in
// [0, min(maxBackoff, minBackoff × 2^(attempt−1))]; `uniform01` in [0, 1).
std::chrono::milliseconds backoffDelay(int attempt, std::chrono::milliseconds minBackoff,
                                       std::chrono::milliseconds maxBackoff, double uniform01);

// Retry-After as delay-seconds or an HTTP-date, seen from `now`; nullopt
// when absent or unreadable. Capped at an hour: a receiver cannot park an
// agent forever.
std::optional<std::chrono::milliseconds> parseRetryAfter(std::string_view value,
                                                         Clock::WallTime now);

}  // namespace unyo::agent
