#include "agent/cost/local_month.h"

#include <charconv>
#include <cstdio>

namespace unyo::agent {
namespace {

using Hours = std::chrono::duration<double, std::ratio<3600>>;

}  // namespace

std::string LocalMonth::name() const {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d", year, month);
  return text;
}

bool LocalMonth::containsDate(std::string_view isoDate) const {
  const auto date = parseIsoDate(isoDate);
  return date && date->year == year && date->month == month;
}

double LocalMonth::hours() const { return Hours(end - start).count(); }

double LocalMonth::hoursLeft(Clock::WallTime at) const {
  if (at >= end) return 0;
  if (at <= start) return hours();
  return Hours(end - at).count();
}

LocalMonth localMonth(const unyo::TimeZone& zone, int year, int month) {
  LocalMonth result;
  result.year = year;
  result.month = month;
  result.start = zone.fromCivil(unyo::CivilTime::at({year, month, 1}));
  const int nextYear = month == 12 ? year + 1 : year;
  const int nextMonth = month == 12 ? 1 : month + 1;
  result.end = zone.fromCivil(unyo::CivilTime::at({nextYear, nextMonth, 1}));
  return result;
}

LocalMonth localMonthOf(const unyo::TimeZone& zone, Clock::WallTime at) {
  const auto civil = zone.toCivil(at);
  return localMonth(zone, civil.year, civil.month);
}

LocalMonth previousMonth(const unyo::TimeZone& zone, const LocalMonth& month) {
  return month.month == 1 ? localMonth(zone, month.year - 1, 12)
                          : localMonth(zone, month.year, month.month - 1);
}

std::optional<std::pair<int, int>> parseYearMonth(std::string_view text) {
  // Exactly "YYYY-MM": the form the ledger's dates start with.
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  int year = 0;
  int month = 0;
  const auto digits = [](std::string_view part, int& value) {
    for (char c : part) {
      if (c < '0' || c > '9') return false;
    }
    return std::from_chars(part.data(), part.data() + part.size(), value).ec == std::errc{};
  };
  if (!digits(text.substr(0, 4), year) || !digits(text.substr(5, 2), month)) return std::nullopt;
  if (year < 1 || month < 1 || month > 12) return std::nullopt;
  return std::make_pair(year, month);
}

std::map<std::string, double> monthCostYen(const std::map<std::string, DayTotals>& days,
                                           const LocalMonth& month) {
  std::map<std::string, double> yen;
  // Dates sort as text, so the month's days are one contiguous run.
  const auto first = days.lower_bound(isoDate(month.firstDay()));
  const auto last = days.upper_bound(isoDate(month.lastDay()));
  for (auto it = first; it != last; ++it) {
    for (const auto& [component, amount] : it->second.costYen) yen[component] += amount;
  }
  return yen;
}

}  // namespace unyo::agent
