#include "exporter/request_rate_limit.h"

#include <algorithm>

namespace unyo::exporter {

RequestRateLimit::RequestRateLimit(const Clock& clock, RateLimit limit)
    : clock_(clock),
      limit_(limit),
      tokens_(static_cast<double>(limit.burst)),
      refilledAt_(clock.steadyNow()) {}

bool RequestRateLimit::allow() {
  const Clock::SteadyTime now = clock_.steadyNow();
  if (now > refilledAt_ && limit_.interval.count() > 0) {
    const double earned = std::chrono::duration<double>(now - refilledAt_) /
                          std::chrono::duration<double>(limit_.interval);
    tokens_ = std::min(static_cast<double>(limit_.burst), tokens_ + earned);
    refilledAt_ = now;
  }
  if (tokens_ < 1.0) return false;
  tokens_ -= 1.0;
  return true;
}

}  // namespace unyo::exporter
