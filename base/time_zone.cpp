#include "base/time_zone.h"

#include <cctz/civil_time.h>
#include <cctz/time_zone.h>

#include <limits>

namespace unyo {

struct TimeZone::Impl {
  std::string name;
  cctz::time_zone zone;
};

namespace {

// cctz answers in seconds over a far wider range than WallTime's
// nanoseconds; clamp rather than overflow for absurd civil times.
Clock::WallTime toWallTime(cctz::time_point<cctz::seconds> at) {
  using Limits = std::numeric_limits<Clock::WallTime::rep>;
  constexpr auto kNanosPerSecond = std::nano::den;
  const auto seconds = at.time_since_epoch().count();
  if (seconds > Limits::max() / kNanosPerSecond) return Clock::WallTime::max();
  if (seconds < Limits::min() / kNanosPerSecond) return Clock::WallTime::min();
  return Clock::WallTime(at.time_since_epoch());
}

// Names that would make cctz read something other than a zone of the tz
// database: a path, or the host's own /etc/localtime.
bool isZoneName(std::string_view name) {
  return !name.empty() && name.front() != '/' && name.find("..") == std::string_view::npos &&
         name != "localtime";
}

}  // namespace

Expected<TimeZone> TimeZone::load(std::string_view name) {
  std::string text(name);
  cctz::time_zone zone;
  // cctz::load_time_zone falls back to UTC on failure: only its answer tells.
  if (!isZoneName(name) || !cctz::load_time_zone(text, &zone)) {
    return fail("unknown time zone \"" + text + "\"");
  }
  return TimeZone(std::make_shared<const Impl>(Impl{std::move(text), zone}));
}

TimeZone TimeZone::utc() {
  return TimeZone(std::make_shared<const Impl>(Impl{"UTC", cctz::utc_time_zone()}));
}

const std::string& TimeZone::name() const { return impl_->name; }

CivilTime TimeZone::toCivil(Clock::WallTime at) const {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(at);
  const cctz::civil_second civil = cctz::convert(seconds, impl_->zone);
  // cctz counts weekdays from Monday; cron and CivilTime from Sunday.
  const int weekday = (static_cast<int>(cctz::get_weekday(cctz::civil_day(civil))) + 1) % 7;
  return {static_cast<int>(civil.year()),
          civil.month(),
          civil.day(),
          civil.hour(),
          civil.minute(),
          civil.second(),
          weekday};
}

std::string TimeZone::abbreviation(Clock::WallTime at) const {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(at);
  return impl_->zone.lookup(seconds).abbr;
}

CivilLookup TimeZone::lookup(const CivilTime& civil) const {
  const cctz::civil_second wanted(civil.year, civil.month, civil.day, civil.hour, civil.minute,
                                  civil.second);
  const cctz::time_zone::civil_lookup found = impl_->zone.lookup(wanted);
  switch (found.kind) {
    case cctz::time_zone::civil_lookup::SKIPPED:
      return {CivilLookup::Kind::skipped, toWallTime(found.trans), toWallTime(found.trans)};
    case cctz::time_zone::civil_lookup::REPEATED:
      return {CivilLookup::Kind::repeated, toWallTime(found.pre), toWallTime(found.post)};
    case cctz::time_zone::civil_lookup::UNIQUE:
      break;
  }
  return {CivilLookup::Kind::unique, toWallTime(found.pre), toWallTime(found.pre)};
}

}  // namespace unyo
