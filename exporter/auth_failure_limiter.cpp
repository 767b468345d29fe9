#include "exporter/auth_failure_limiter.h"

#include <algorithm>

namespace unyo::exporter {

std::optional<std::chrono::seconds> AuthFailureLimiter::blockedFor(std::string_view client) const {
  auto it = clients_.find(client);
  if (it == clients_.end() || it->second.count < limits_.maxFailures) return std::nullopt;
  const auto ends = it->second.windowStart + limits_.window;
  const auto now = clock_.steadyNow();
  if (now >= ends) return std::nullopt;
  // Rounded up, so a client that waits as told is let in.
  return std::chrono::ceil<std::chrono::seconds>(ends - now);
}

void AuthFailureLimiter::recordFailure(std::string_view client) {
  const auto now = clock_.steadyNow();
  auto it = clients_.find(client);
  if (it == clients_.end()) {
    if (clients_.size() >= limits_.maxClients) forgetOldest();
    it = clients_.emplace(std::string(client), Failures{now, 0}).first;
  } else if (now - it->second.windowStart >= limits_.window) {
    it->second = Failures{now, 0};
  }
  ++it->second.count;
}

void AuthFailureLimiter::forgetOldest() {
  if (clients_.empty()) return;
  auto oldest = std::min_element(clients_.begin(), clients_.end(), [](const auto& a, const auto& b) {
    return a.second.windowStart < b.second.windowStart;
  });
  clients_.erase(oldest);
}

std::string clientHost(std::string_view remoteAddress) {
  if (remoteAddress.starts_with('[')) {
    const auto close = remoteAddress.find(']');
    if (close != std::string_view::npos) return std::string(remoteAddress.substr(1, close - 1));
  }
  const auto colon = remoteAddress.rfind(':');
  // One colon: host:port. None, or several (a bare IPv6 address): as it is.
  if (colon != std::string_view::npos && remoteAddress.find(':') == colon) {
    return std::string(remoteAddress.substr(0, colon));
  }
  return std::string(remoteAddress);
}

}  // namespace unyo::exporter
