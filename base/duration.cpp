#include "base/duration.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

#include "base/error.h"

namespace unyo {
namespace {

struct Unit {
  std::string_view name;
  std::int64_t millis;
};

constexpr Unit kDurationUnits[] = {
    {"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}, {"d", 86'400'000},
    {"w", 604'800'000},
};

bool isDigitOrDot(char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; }

}  // namespace

Expected<std::chrono::milliseconds> parseDuration(std::string_view text) {
  const std::string hint =
      "invalid duration " + inQuotes(text) + " (use a number with ms, s, m, h, d or w, e.g. 15s)";
  if (text.empty()) return fail(hint);
  double total = 0;
  std::string_view rest = text;
  while (!rest.empty()) {
    std::size_t numberEnd = 0;
    while (numberEnd < rest.size() && isDigitOrDot(rest[numberEnd])) ++numberEnd;
    if (numberEnd == 0) return fail(hint);
    double value = 0;
    auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + numberEnd, value);
    if (ec != std::errc() || ptr != rest.data() + numberEnd) return fail(hint);
    rest.remove_prefix(numberEnd);
    std::size_t unitEnd = 0;
    while (unitEnd < rest.size() && std::isalpha(static_cast<unsigned char>(rest[unitEnd])))
      ++unitEnd;
    const std::string_view unitName = rest.substr(0, unitEnd);
    const Unit* unit = nullptr;
    for (const auto& u : kDurationUnits) {
      if (u.name == unitName) unit = &u;
    }
    if (!unit) return fail(hint);
    rest.remove_prefix(unitEnd);
    total += value * static_cast<double>(unit->millis);
  }
  if (total > static_cast<double>(std::numeric_limits<std::int64_t>::max() / 2)) {
    return fail("duration " + inQuotes(text) + " is too long");
  }
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(total)));
}

Expected<std::uint64_t> parseByteSize(std::string_view text) {
  const std::string hint = "invalid size " + inQuotes(text) +
                           " (use bytes or a number with KiB, MiB, GiB, TiB, KB, MB, GB or TB)";
  std::size_t numberEnd = 0;
  while (numberEnd < text.size() && isDigitOrDot(text[numberEnd])) ++numberEnd;
  if (numberEnd == 0) return fail(hint);
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + numberEnd, value);
  if (ec != std::errc() || ptr != text.data() + numberEnd) return fail(hint);
  std::string_view unit = text.substr(numberEnd);
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  double factor = 0;
  struct SizeUnit {
    std::string_view name;
    double factor;
  };
  static constexpr SizeUnit kUnits[] = {
      {"", 1},          {"B", 1},           {"KB", 1e3},        {"MB", 1e6},
      {"GB", 1e9},      {"TB", 1e12},       {"KiB", 1024.0},    {"MiB", 1048576.0},
      {"GiB", 1073741824.0}, {"TiB", 1099511627776.0},
  };
  for (const auto& u : kUnits) {
    if (u.name == unit) factor = u.factor;
  }
  if (factor == 0) return fail(hint);
  const double bytes = value * factor;
  if (bytes > 9.0e18) return fail("size " + inQuotes(text) + " is too large");
  return static_cast<std::uint64_t>(std::llround(bytes));
}

std::string formatDuration(std::chrono::milliseconds d) {
  std::int64_t ms = d.count();
  if (ms == 0) return "0s";
  std::string out;
  if (ms < 0) {
    out += '-';
    ms = -ms;
  }
  static constexpr Unit kParts[] = {
      {"d", 86'400'000}, {"h", 3'600'000}, {"m", 60'000}, {"s", 1000}, {"ms", 1}};
  for (const auto& part : kParts) {
    if (ms >= part.millis) {
      out += std::to_string(ms / part.millis);
      out += part.name;
      ms %= part.millis;
    }
  }
  return out;
}

}  // namespace unyo
