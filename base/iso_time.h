#pragma once

// ISO 8601 times in UTC, the one format of every record the agent writes
// (run history, approvals, logs, JSON): "2026-11-28T09:15:00.123Z" with
// milliseconds, "2026-11-28T09:15:00Z" without.

#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"

namespace unyo {

// "2026-11-28T09:15:00.123Z"
std::string formatIsoTime(Clock::WallTime t);

// "2026-11-28T09:15:00Z": whole seconds, rounded down.
std::string formatIsoSeconds(Clock::WallTime t);

// Reads what formatIsoTime and formatIsoSeconds write (the fraction is
// optional, 1 to 9 digits; only "Z" as the zone). nullopt for anything else,
// including out-of-range fields such as a 13th month or a 25th hour.
std::optional<Clock::WallTime> parseIsoTime(std::string_view text);

}  // namespace unyo
