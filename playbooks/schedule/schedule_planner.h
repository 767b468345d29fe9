#pragma once

// When a schedule trigger fires next: its cron expression, filtered by its
// calendar (any day, business days only, non-business days only, or the
// business day at a position in each week or month), and a per-playbook
// jitter so a fleet of hosts does not start the same playbook in the same
// second.

#include <chrono>
#include <optional>
#include <string_view>

#include "base/clock.h"
#include "base/time_zone.h"
#include "playbooks/playbook.h"
#include "playbooks/schedule/business_calendar.h"
#include "playbooks/schedule/cron_schedule.h"

namespace unyo::playbooks {

// The first fire of the trigger's cron strictly after `after` whose civil
// date in `zone` its calendar accepts, before jitter; nullopt when there is
// none within 5 years. For the week and month calendars the calendar picks
// one day per period and the cron gives the times of that day (its month
// field still applies; the parser keeps its day fields "*").
std::optional<Clock::WallTime> nextScheduledTime(const ScheduleTrigger& trigger,
                                                 const BusinessCalendar& days, const TimeZone& zone,
                                                 Clock::WallTime after);

// A stable offset in [0, maxJitter) from a hash of `seed` (e.g. host and
// playbook name) and the scheduled time: the same inputs always give the
// same offset, different hosts spread out. Zero when maxJitter <= 0.
std::chrono::milliseconds jitterFor(std::string_view seed, Clock::WallTime scheduled,
                                    std::chrono::milliseconds maxJitter);

}  // namespace unyo::playbooks
