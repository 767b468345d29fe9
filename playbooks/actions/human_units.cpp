// Sizes and ages for summaries and errors.

#include "playbooks/actions/human_units.h"

#include <array>
#include <cstdio>

namespace unyo::playbooks {

std::string formatBytes(std::uint64_t bytes) {
  if (bytes == 1) return "1 byte";
  if (bytes < 1024) return std::to_string(bytes) + " bytes";
  static constexpr std::array<const char*, 6> kUnits = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double value = static_cast<double>(bytes) / 1024.0;
  std::size_t unit = 0;
  // Moves up a unit before rounding could print "1024.0 KiB".
  while (value >= 1023.95 && unit + 1 < kUnits.size()) {
    value /= 1024.0;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.1f %s", value, kUnits[unit]);
  return text;
}

std::string formatAge(std::chrono::seconds age) {
  if (age.count() <= 0) return "0s";
  struct Unit {
    std::int64_t seconds;
    const char* suffix;
  };
  static constexpr std::array<Unit, 4> kUnits = {Unit{86400, "d"}, Unit{3600, "h"}, Unit{60, "m"},
                                                 Unit{1, "s"}};
  std::int64_t left = age.count();
  for (std::size_t i = 0; i < kUnits.size(); ++i) {
    if (left < kUnits[i].seconds) continue;
    std::string text = std::to_string(left / kUnits[i].seconds) + kUnits[i].suffix;
    const std::int64_t next =
        i + 1 < kUnits.size() ? left % kUnits[i].seconds / kUnits[i + 1].seconds : 0;
    if (next > 0) text += std::to_string(next) + kUnits[i + 1].suffix;
    return text;
  }
  return "0s";
}

}  // namespace unyo::playbooks
