#pragma once

// One field of a cron expression ("*/15", "1-5", "MON-FRI", "1,15") turned
// into the set of values it allows. Used by CronSchedule::parse.

#include <cstdint>
#include <span>
#include <string_view>

#include "base/error.h"

namespace unyo::playbooks {

struct CronFieldSpec {
  std::string_view name;  // "minute", "day-of-week": the start of every error message
  int min = 0;
  int max = 0;                              // largest value accepted as written (7 for Sunday)
  int wildcardMax = 0;                      // what "*" stands for (day-of-week: 0-6)
  std::span<const std::string_view> names;  // names[i] is the value min + i; may be empty
};

struct CronField {
  std::uint64_t values = 0;     // bit v set: value v allowed
  bool startsWithStar = false;  // "*" or "*/n": cron's test for an unrestricted field
};

// Errors: "hour field \"25\": 25 is out of range 0-23".
Expected<CronField> parseCronField(std::string_view text, const CronFieldSpec& spec);

}  // namespace unyo::playbooks
