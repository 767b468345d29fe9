#pragma once

// Which days a municipality's offices work: not Saturdays or Sundays, not
// the national holidays of the holidays file, not the year-end closure
// (年末年始, 12/29-1/3 unless configured otherwise).

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/civil_time.h"
#include "base/error.h"
#include "playbooks/options.h"
#include "playbooks/schedule/holidays_csv.h"

namespace unyo::playbooks {

class BusinessCalendar {
 public:
  // Weekends and the default year-end closure only.
  BusinessCalendar() = default;
  BusinessCalendar(const std::vector<Holiday>& holidays, YearEndClosure closure);

  // Reads a holidays CSV (see holidays_csv.h); an empty path means none.
  // Errors name the file, and the line for a bad line ("FILE:7:1: invalid
  // date ..." from Error::toString()); a closure day that no year has
  // ("13/1", "2/30") is an error too.
  static Expected<BusinessCalendar> load(const std::filesystem::path& holidaysFile,
                                         YearEndClosure closure);

  // The date must be valid; an invalid one is not a business day.
  bool isBusinessDay(int year, int month, int day) const;
  bool isBusinessDay(const CivilDate& date) const { return !reasonNotBusinessDay(date); }

  // Why a day is not a business day, the most specific reason first:
  // "holiday: 元日" (or "holiday" for an unnamed one), "year-end closure",
  // "Saturday", "Sunday"; nullopt for a business day.
  std::optional<std::string> reasonNotBusinessDay(int year, int month, int day) const;
  std::optional<std::string> reasonNotBusinessDay(const CivilDate& date) const;

  // The last year the holidays file lists, so callers can warn before it
  // runs out; nullopt without holidays.
  std::optional<int> lastHolidayYear() const;

 private:
  bool inYearEndClosure(const CivilDate& date) const;

  std::map<CivilDate, std::string> holidays_;  // the first name given for a date wins
  YearEndClosure closure_;
};

}  // namespace unyo::playbooks
