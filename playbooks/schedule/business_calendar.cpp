#include "playbooks/schedule/business_calendar.h"

#include <cerrno>
#include <fstream>
#include <iterator>
#include <system_error>
#include <tuple>

namespace unyo::playbooks {
namespace {

// Month/day pairs are checked against a leap year: a closure may end on 2/29.
constexpr int kAnyLeapYear = 2000;

std::string monthDayText(const MonthDay& day) {
  return std::to_string(day.month) + "/" + std::to_string(day.day);
}

Expected<std::string> readFile(const std::filesystem::path& file) {
  std::error_code error;
  if (std::filesystem::is_directory(file, error)) {
    return fail("holidays file \"" + file.string() + "\": is a directory");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    const std::error_code openError(errno, std::generic_category());
    return fail("holidays file \"" + file.string() + "\": " + openError.message());
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return fail("holidays file \"" + file.string() + "\": read failed");
  return bytes;
}

}  // namespace

BusinessCalendar::BusinessCalendar(const std::vector<Holiday>& holidays, YearEndClosure closure)
    : closure_(closure) {
  for (const Holiday& holiday : holidays) holidays_.emplace(holiday.date(), holiday.name);
}

Expected<BusinessCalendar> BusinessCalendar::load(const std::filesystem::path& holidaysFile,
                                                  YearEndClosure closure) {
  if (closure.enabled) {
    for (const MonthDay& day : {closure.from, closure.to}) {
      if (!isValidDate(kAnyLeapYear, day.month, day.day)) {
        return fail("year-end closure day " + monthDayText(day) + " is not a valid month/day");
      }
    }
  }
  if (holidaysFile.empty()) return BusinessCalendar({}, closure);
  auto bytes = readFile(holidaysFile);
  if (!bytes) return std::unexpected(bytes.error());
  auto holidays = parseHolidaysCsv(*bytes, holidaysFile.string());
  if (!holidays) return std::unexpected(holidays.error());
  return BusinessCalendar(*holidays, closure);
}

bool BusinessCalendar::isBusinessDay(int year, int month, int day) const {
  return !reasonNotBusinessDay(year, month, day);
}

std::optional<std::string> BusinessCalendar::reasonNotBusinessDay(int year, int month,
                                                                  int day) const {
  if (!isValidDate(year, month, day)) return "invalid date";
  return reasonNotBusinessDay(CivilDate{year, month, day});
}

std::optional<std::string> BusinessCalendar::reasonNotBusinessDay(const CivilDate& date) const {
  if (!isValidDate(date.year, date.month, date.day)) return "invalid date";
  if (const auto holiday = holidays_.find(date); holiday != holidays_.end()) {
    return holiday->second.empty() ? "holiday" : "holiday: " + holiday->second;
  }
  if (inYearEndClosure(date)) return "year-end closure";
  switch (weekdayOf(date)) {
    case 6:
      return "Saturday";
    case 0:
      return "Sunday";
    default:
      return std::nullopt;
  }
}

std::optional<int> BusinessCalendar::lastHolidayYear() const {
  if (holidays_.empty()) return std::nullopt;
  return holidays_.rbegin()->first.year;
}

bool BusinessCalendar::inYearEndClosure(const CivilDate& date) const {
  if (!closure_.enabled) return false;
  const auto day = std::tie(date.month, date.day);
  const auto from = std::tie(closure_.from.month, closure_.from.day);
  const auto to = std::tie(closure_.to.month, closure_.to.day);
  // 12/29-1/3 wraps across the new year; 12/28-12/31 does not.
  if (from <= to) return from <= day && day <= to;
  return day >= from || day <= to;
}

}  // namespace unyo::playbooks
