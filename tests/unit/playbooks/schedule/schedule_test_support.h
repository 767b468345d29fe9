#pragma once

// Readable instants and fixture paths for the schedule tests.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/time_zone.h"

namespace unyo::playbooks::testing {

// An instant given as UTC civil time.
inline Clock::WallTime utcTime(int year, int month, int day, int hour = 0, int minute = 0,
                               int second = 0) {
  const std::chrono::sys_days date = std::chrono::year(year) /
                                     std::chrono::month(static_cast<unsigned>(month)) /
                                     std::chrono::day(static_cast<unsigned>(day));
  return Clock::WallTime(date) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
         std::chrono::seconds(second);
}

inline TimeZone zoneNamed(std::string_view name) {
  auto zone = TimeZone::load(name);
  if (!zone) {
    ADD_FAILURE() << zone.error().message << " (is tzdata installed?)";
    return TimeZone::utc();
  }
  return *zone;
}

// "2026-03-08 03:00" as clocks in `zone` show `at`.
inline std::string localText(Clock::WallTime at, const TimeZone& zone) {
  const CivilTime civil = zone.toCivil(at);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d", civil.year, civil.month, civil.day,
                civil.hour, civil.minute);
  return text;
}

inline std::string localText(const std::optional<Clock::WallTime>& at, const TimeZone& zone) {
  return at ? localText(*at, zone) : "none";
}

inline std::filesystem::path fixturePath(std::string_view relative) {
  const char* root = std::getenv("UNYO_FIXTURES");
  if (root == nullptr) {
    ADD_FAILURE() << "UNYO_FIXTURES is not set; run through ctest or set it to tests/fixtures";
    return relative;
  }
  return std::filesystem::path(root) / relative;
}

inline std::string readFixture(std::string_view relative) {
  std::ifstream in(fixturePath(relative), std::ios::binary);
  EXPECT_TRUE(in) << "cannot open fixture " << relative;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace unyo::playbooks::testing
