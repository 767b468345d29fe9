#pragma once

// An IANA time zone ("Asia/Tokyo", "America/New_York", "UTC") from the
// system's tz database (/usr/share/zoneinfo, Debian's tzdata), converting
// between instants and civil time. GCC 12 has no std::chrono zone database;
// the work is done by Google's cctz, kept out of this header.

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "base/civil_time.h"
#include "base/clock.h"
#include "base/error.h"

namespace unyo {

// Where a civil time falls on the time line of a zone.
struct CivilLookup {
  enum class Kind {
    unique,    // exactly one instant
    skipped,   // in a DST gap: no instant shows this civil time
    repeated,  // in a DST overlap: two instants show it
  };
  Kind kind = Kind::unique;
  // unique: the instant; skipped: the first instant after the gap;
  // repeated: the earlier of the two instants.
  Clock::WallTime first;
  // repeated: the later instant; otherwise equal to `first`.
  Clock::WallTime second;
};

class TimeZone {
 public:
  // Errors: "unknown time zone \"Mars/Olympus\"".
  static Expected<TimeZone> load(std::string_view name);
  static TimeZone utc();

  // The name it was loaded with ("Asia/Tokyo"; "UTC" for utc()).
  const std::string& name() const;

  // The civil time, to the second, that clocks in this zone show at `at`.
  CivilTime toCivil(Clock::WallTime at) const;

  // The abbreviation clocks in this zone show with `at`: "JST", "EDT" in
  // summer and "EST" in winter; a numeric one ("+09") where the tz database
  // has no letters for the zone.
  std::string abbreviation(Clock::WallTime at) const;

  // The instant a civil time stands for: in a DST gap the first instant
  // after the gap, in an overlap the earlier instant. Out-of-range fields
  // are normalized (Jan 32 is Feb 1, 24:00 is the next day's 00:00); the
  // weekday is ignored.
  Clock::WallTime fromCivil(const CivilTime& civil) const { return lookup(civil).first; }
  CivilLookup lookup(const CivilTime& civil) const;

 private:
  struct Impl;
  explicit TimeZone(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

  std::shared_ptr<const Impl> impl_;  // never null; shared because zones are immutable
};

}  // namespace unyo
