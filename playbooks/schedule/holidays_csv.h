#pragma once

// The Cabinet Office's list of national holidays (syukujitsu.csv) and files
// written like it: an optional header line, then `YYYY/M/D,name` lines, CRLF
// or LF, in Shift_JIS (as published) or UTF-8 with or without a BOM. A
// municipality may add its own closed days in the same format, or list
// bare dates without a name.

#include <string>
#include <string_view>
#include <vector>

#include "base/civil_time.h"
#include "base/error.h"

namespace unyo::playbooks {

struct Holiday {
  int year = 0;
  int month = 0;
  int day = 0;
  std::string name;  // UTF-8, "元日"; empty when the line gave only a date

  CivilDate date() const { return {year, month, day}; }
  bool operator==(const Holiday&) const = default;
};

// Holidays in file order. Blank lines are skipped; the first non-blank line
// is a header when it does not start with a digit. The encoding is UTF-8
// when all bytes are valid UTF-8, else Shift_JIS (CP932).
//
// Errors name the line: "line 7: invalid date \"2025/13/1\"". Given a
// `fileName`, the error instead carries the location {fileName, 7, 1} and
// the bare message, so Error::toString() reads "FILE:7:1: invalid date ...".
Expected<std::vector<Holiday>> parseHolidaysCsv(std::string_view bytes,
                                                std::string_view fileName = {});

}  // namespace unyo::playbooks
