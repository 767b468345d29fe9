#pragma once

// The host's clock, as node_exporter 1.5's time collector:
// node_time_seconds, node_time_zone_offset_seconds{time_zone} and
// node_time_clocksource_{available,current}_info{clocksource,device} from
// sysfs/devices/system/clocksource/clocksource*/.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "collectors/collector.h"

namespace unyo::collectors {

struct CollectorContext;

struct TimeZoneOffset {
  std::string name;  // "JST", "UTC"
  long seconds = 0;  // east of UTC
};

// The local zone at `t` (TZ, else /etc/localtime).
TimeZoneOffset timeZoneAt(Clock::WallTime t);

// "tsc kvm-clock \n" -> {"tsc", "kvm-clock"}; views into `text`.
std::vector<std::string_view> parseClocksources(std::string_view text);

std::unique_ptr<Collector> makeTimeCollector(const CollectorContext& context);

}  // namespace unyo::collectors
