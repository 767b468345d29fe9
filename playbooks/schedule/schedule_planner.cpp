#include "playbooks/schedule/schedule_planner.h"

#include <algorithm>
#include <cstdint>

namespace unyo::playbooks {
namespace {

constexpr auto kSearchHorizon = std::chrono::days(5 * 366);
// Each rejected fire skips the rest of its day, so this bounds a search of
// more than 5 years of days even if time zones misbehave.
constexpr int kMaxRejectedDays = 4000;

bool accepts(Calendar calendar, const BusinessCalendar& days, const CivilDate& date) {
  switch (calendar) {
    case Calendar::businessDays:
      return days.isBusinessDay(date);
    case Calendar::nonBusinessDays:
      return !days.isBusinessDay(date);
    case Calendar::any:
      break;
  }
  return true;
}

// FNV-1a, then SplitMix64's finalizer so nearby times spread over the
// whole range; fixed algorithms, unlike std::hash, so every host and
// every build agree.
std::uint64_t hashOf(std::string_view seed, std::int64_t millis) {
  std::uint64_t hash = 0xcbf29ce484222325u;
  const auto mix = [&hash](std::uint8_t byte) {
    hash ^= byte;
    hash *= 0x100000001b3u;
  };
  for (const char c : seed) mix(static_cast<std::uint8_t>(c));
  mix(0);  // separates the seed from the time
  const auto time = static_cast<std::uint64_t>(millis);
  for (int shift = 0; shift < 64; shift += 8) mix(static_cast<std::uint8_t>(time >> shift));
  hash ^= hash >> 30;
  hash *= 0xbf58476d1ce4e5b9u;
  hash ^= hash >> 27;
  hash *= 0x94d049bb133111ebu;
  hash ^= hash >> 31;
  return hash;
}

}  // namespace

std::optional<Clock::WallTime> nextScheduledTime(const CronSchedule& cron, Calendar calendar,
                                                 const BusinessCalendar& days, const TimeZone& zone,
                                                 Clock::WallTime after) {
  const Clock::WallTime horizon = after + kSearchHorizon;
  Clock::WallTime cursor = after;
  for (int rejected = 0; rejected <= kMaxRejectedDays; ++rejected) {
    const std::optional<Clock::WallTime> fire = cron.next(cursor, zone);
    if (!fire || *fire > horizon) return std::nullopt;
    const CivilDate date = zone.toCivil(*fire).date();
    if (accepts(calendar, days, date)) return fire;
    // Nothing else that day can be accepted: go on from just before the next day starts.
    const Clock::WallTime nextDay = zone.fromCivil(CivilTime::at(addDays(date, 1)));
    cursor = std::max(*fire, nextDay - std::chrono::nanoseconds(1));
  }
  return std::nullopt;
}

std::chrono::milliseconds jitterFor(std::string_view seed, Clock::WallTime scheduled,
                                    std::chrono::milliseconds maxJitter) {
  if (maxJitter <= std::chrono::milliseconds(0)) return std::chrono::milliseconds(0);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(scheduled.time_since_epoch()).count();
  const auto range = static_cast<std::uint64_t>(maxJitter.count());
  return std::chrono::milliseconds(static_cast<std::int64_t>(hashOf(seed, millis) % range));
}

}  // namespace unyo::playbooks
