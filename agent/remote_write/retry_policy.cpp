#include "agent/remote_write/retry_policy.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <ctime>
#include <string>

namespace unyo::agent {
namespace {

constexpr std::chrono::milliseconds kMaxRetryAfter = std::chrono::hours(1);

}  // namespace

SendOutcome classifyStatus(int status) {
  if (status >= 200 && status < 300) return SendOutcome::sent;
  if (status == 429 || status >= 500) return SendOutcome::retry;
  return SendOutcome::rejected;
}

std::chrono::milliseconds backoffDelay(int attempt, std::chrono::milliseconds minBackoff,
                                       std::chrono::milliseconds maxBackoff, double uniform01) {
  const double exponent = std::min(std::max(attempt - 1, 0), 40);
  const double cap = std::min(static_cast<double>(maxBackoff.count()),
                              static_cast<double>(minBackoff.count()) * std::exp2(exponent));
  const double fraction = std::clamp(uniform01, 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<std::int64_t>(cap * fraction));
}

std::optional<std::chrono::milliseconds> parseRetryAfter(std::string_view value,
                                                         Clock::WallTime now) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  std::chrono::milliseconds delay{};
  if (std::isdigit(static_cast<unsigned char>(value.front()))) {
    std::int64_t seconds = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec == std::errc::result_out_of_range) return kMaxRetryAfter;
    if (ec != std::errc() || end != value.data() + value.size()) return std::nullopt;
    delay = std::chrono::seconds(std::min<std::int64_t>(seconds, 3600));
  } else {
    // IMF-fixdate, the form RFC 9110 requires senders to use.
    std::tm tm{};
    const std::string text(value);
    const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    if (end == nullptr || *end != '\0') return std::nullopt;
    const auto at = std::chrono::system_clock::from_time_t(timegm(&tm));
    delay = std::chrono::duration_cast<std::chrono::milliseconds>(at - now);
  }
  return std::clamp(delay, std::chrono::milliseconds(0), kMaxRetryAfter);
}

}  // namespace unyo::agent
