#include "playbooks/schedule/schedule_planner.h"

#include <algorithm>
#include <cstdint>

#include "playbooks/schedule/business_day_position.h"

namespace unyo::playbooks {
namespace {

constexpr auto kSearchHorizon = std::chrono::days(5 * 366);
// Each step of the search moves on to a later day, so this bounds a search
// of more than 5 years of days even if time zones misbehave.
constexpr int kMaxSteps = 4000;

BusinessDayPeriod periodOf(Calendar calendar) {
  return calendar == Calendar::businessDayOfWeek ? BusinessDayPeriod::week
                                                 : BusinessDayPeriod::month;
}

// The first day from `date` on, up to `last`, on which the trigger's
// calendar lets it fire. A week or month calendar jumps straight to the day
// it picks, so the search costs a few steps per period rather than one per
// day or per minute.
std::optional<CivilDate> firstCalendarDayFrom(const ScheduleTrigger& trigger,
                                              const BusinessCalendar& days, CivilDate date,
                                              const CivilDate& last) {
  switch (trigger.calendar) {
    case Calendar::any:
      return date;
    case Calendar::businessDays:
    case Calendar::nonBusinessDays: {
      const bool wanted = trigger.calendar == Calendar::businessDays;
      for (; date <= last; date = addDays(date, 1)) {
        if (days.isBusinessDay(date) == wanted) return date;
      }
      return std::nullopt;
    }
    case Calendar::businessDayOfWeek:
    case Calendar::businessDayOfMonth: {
      const BusinessDayPeriod period = periodOf(trigger.calendar);
      for (CivilDate inPeriod = date; inPeriod <= last;
           inPeriod = nextPeriodStart(period, inPeriod)) {
        const auto picked = businessDayAt(period, trigger.businessDayPosition, inPeriod, days);
        if (picked && *picked > last) return std::nullopt;
        if (picked && *picked >= date) return picked;
      }
      return std::nullopt;
    }
  }
  return date;
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

// Alternates between the cron's next fire and the calendar's first day from
// that fire's day on until they agree.
std::optional<Clock::WallTime> nextScheduledTime(const ScheduleTrigger& trigger,
                                                 const BusinessCalendar& days, const TimeZone& zone,
                                                 Clock::WallTime after) {
  const Clock::WallTime horizon = after + kSearchHorizon;
  const CivilDate lastDay = zone.toCivil(horizon).date();
  Clock::WallTime cursor = after;
  for (int step = 0; step <= kMaxSteps; ++step) {
    const std::optional<Clock::WallTime> fire = trigger.cron.next(cursor, zone);
    if (!fire || *fire > horizon) return std::nullopt;
    const CivilDate date = zone.toCivil(*fire).date();
    const std::optional<CivilDate> allowed = firstCalendarDayFrom(trigger, days, date, lastDay);
    if (!allowed) return std::nullopt;
    if (*allowed == date) return fire;
    // Go on from just before the allowed day starts.
    const Clock::WallTime allowedStart = zone.fromCivil(CivilTime::at(*allowed));
    cursor = std::max(*fire, allowedStart - std::chrono::nanoseconds(1));
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
