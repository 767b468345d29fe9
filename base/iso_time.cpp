#include "base/iso_time.h"

#include <array>
#include <cstdio>
#include <ctime>

#include "base/civil_time.h"

namespace unyo {
namespace {

std::tm utcFields(std::time_t secs) {
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return tm;
}

// Reads exactly `width` digits at `pos`; advances pos.
std::optional<int> digits(std::string_view text, std::size_t& pos, std::size_t width) {
  if (pos + width > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < width; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += width;
  return value;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

}  // namespace

std::string formatIsoTime(Clock::WallTime t) {
  const auto ms = std::chrono::floor<std::chrono::milliseconds>(t.time_since_epoch());
  const auto secs = std::chrono::floor<std::chrono::seconds>(ms);
  const std::tm tm = utcFields(static_cast<std::time_t>(secs.count()));
  std::array<char, 96> text{};  // room for any int the fields could hold, as GCC checks
  std::snprintf(text.data(), text.size(), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>((ms - secs).count()));
  return text.data();
}

std::string formatIsoSeconds(Clock::WallTime t) {
  const auto secs = std::chrono::floor<std::chrono::seconds>(t.time_since_epoch());
  const std::tm tm = utcFields(static_cast<std::time_t>(secs.count()));
  std::array<char, 96> text{};
  std::snprintf(text.data(), text.size(), "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return text.data();
}

std::optional<Clock::WallTime> parseIsoTime(std::string_view text) {
  std::size_t pos = 0;
  const auto year = digits(text, pos, 4);
  if (!year || !expect(text, pos, '-')) return std::nullopt;
  const auto month = digits(text, pos, 2);
  if (!month || !expect(text, pos, '-')) return std::nullopt;
  const auto day = digits(text, pos, 2);
  if (!day || !expect(text, pos, 'T')) return std::nullopt;
  const auto hour = digits(text, pos, 2);
  if (!hour || !expect(text, pos, ':')) return std::nullopt;
  const auto minute = digits(text, pos, 2);
  if (!minute || !expect(text, pos, ':')) return std::nullopt;
  const auto second = digits(text, pos, 2);
  if (!second) return std::nullopt;
  std::chrono::nanoseconds fraction{0};
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::int64_t nanos = 0;
    std::size_t count = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && count < 9) {
      nanos = nanos * 10 + (text[pos] - '0');
      ++pos;
      ++count;
    }
    if (count == 0) return std::nullopt;
    for (std::size_t i = count; i < 9; ++i) nanos *= 10;
    fraction = std::chrono::nanoseconds(nanos);
  }
  if (!expect(text, pos, 'Z') || pos != text.size()) return std::nullopt;
  if (!isValidDate(*year, *month, *day) || *hour > 23 || *minute > 59 || *second > 60) {
    return std::nullopt;
  }
  const std::chrono::sys_days date = civil_detail::toYmd(CivilDate{*year, *month, *day});
  const auto since = date.time_since_epoch() + std::chrono::hours(*hour) +
                     std::chrono::minutes(*minute) + std::chrono::seconds(*second) + fraction;
  return Clock::WallTime(std::chrono::duration_cast<Clock::WallTime::duration>(since));
}

}  // namespace unyo
