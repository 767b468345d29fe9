#pragma once

// Civil (wall-calendar) dates and times, independent of any time zone, and
// the little date arithmetic the scheduler and the business calendar need.
// Proleptic Gregorian calendar, as std::chrono and cctz use.

#include <chrono>
#include <compare>

namespace unyo {

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1-12
  int day = 1;    // 1-31

  auto operator<=>(const CivilDate&) const = default;
};

struct CivilTime {
  int year = 1970;
  int month = 1;
  int day = 1;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int weekday = 4;  // 0 = Sunday; set by TimeZone::toCivil, ignored by TimeZone::fromCivil

  CivilDate date() const { return {year, month, day}; }
  static CivilTime at(const CivilDate& date, int hour = 0, int minute = 0, int second = 0) {
    return {date.year, date.month, date.day, hour, minute, second, 0};
  }
};

namespace civil_detail {
inline std::chrono::year_month_day toYmd(const CivilDate& date) {
  return std::chrono::year(date.year) / std::chrono::month(static_cast<unsigned>(date.month)) /
         std::chrono::day(static_cast<unsigned>(date.day));
}
}  // namespace civil_detail

inline bool isLeapYear(int year) { return std::chrono::year(year).is_leap(); }

inline int daysInMonth(int year, int month) {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && isLeapYear(year)) return 29;
  return kDays[month - 1];
}

inline bool isValidDate(int year, int month, int day) {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

// 0 = Sunday ... 6 = Saturday, as cron counts. `date` must be valid.
inline int weekdayOf(const CivilDate& date) {
  const std::chrono::sys_days days(civil_detail::toYmd(date));
  return static_cast<int>(std::chrono::weekday(days).c_encoding());
}

// The date `days` days after (or before, when negative) a valid `date`.
inline CivilDate addDays(const CivilDate& date, int days) {
  const std::chrono::year_month_day ymd(std::chrono::sys_days(civil_detail::toYmd(date)) +
                                        std::chrono::days(days));
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

}  // namespace unyo
