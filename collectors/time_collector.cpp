#include "collectors/time_collector.h"

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <system_error>

#include "collectors/proc_file.h"
#include "collectors/proc_text.h"
#include "collectors/registry.h"

namespace unyo::collectors {
namespace {

struct ClocksourceDevice {
  std::string device;  // "0" for clocksource0
  ProcFile available;
  ProcFile current;
};

// Clocksource devices do not come and go at runtime: list them once.
std::vector<ClocksourceDevice> findClocksources(const HostPaths& paths) {
  constexpr std::string_view kPrefix = "clocksource";
  std::vector<ClocksourceDevice> found;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(paths.sys("devices/system/clocksource"), ec), end;
       !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.starts_with(kPrefix) || !parseUnsigned(std::string_view(name).substr(kPrefix.size())))
      continue;
    found.push_back({name.substr(kPrefix.size()), ProcFile(it->path() / "available_clocksource"),
                     ProcFile(it->path() / "current_clocksource")});
  }
  std::sort(found.begin(), found.end(),
            [](const auto& a, const auto& b) { return a.device < b.device; });
  return found;
}

class TimeCollector final : public Collector {
 public:
  TimeCollector(const HostPaths& paths, const Clock& clock)
      : clock_(clock), clocksources_(findClocksources(paths)) {
    ::tzset();  // localtime_r need not read TZ itself
  }

  Expected<void> collect(Families& out) override {
    const Clock::WallTime now = clock_.now();
    auto seconds = gaugeFamily("node_time_seconds", "System time in seconds since epoch (1970).");
    addSample(seconds, toUnixSeconds(now));
    out.push_back(std::move(seconds));

    const TimeZoneOffset zone = timeZoneAt(now);
    auto offset =
        gaugeFamily("node_time_zone_offset_seconds", "System time zone offset in seconds.");
    addSample(offset, static_cast<double>(zone.seconds), {{"time_zone", zone.name}});
    out.push_back(std::move(offset));

    auto available =
        gaugeFamily("node_time_clocksource_available_info",
                    "Available clocksources read from '/sys/devices/system/clocksource'.");
    auto current = gaugeFamily("node_time_clocksource_current_info",
                               "Current clocksource read from '/sys/devices/system/clocksource'.");
    for (auto& source : clocksources_) {
      if (source.available.read(buffer_)) {
        for (std::string_view name : parseClocksources(buffer_)) {
          addSample(available, 1, {{"clocksource", std::string(name)}, {"device", source.device}});
        }
      }
      if (source.current.read(buffer_)) {
        for (std::string_view name : parseClocksources(buffer_)) {
          addSample(current, 1, {{"clocksource", std::string(name)}, {"device", source.device}});
        }
      }
    }
    if (!available.metric.empty()) out.push_back(std::move(available));
    if (!current.metric.empty()) out.push_back(std::move(current));
    return {};
  }

 private:
  const Clock& clock_;
  std::vector<ClocksourceDevice> clocksources_;
  std::string buffer_;
};

}  // namespace

TimeZoneOffset timeZoneAt(Clock::WallTime t) {
  const std::time_t secs = Clock::WallTime::clock::to_time_t(t);
  std::tm local{};
  if (::localtime_r(&secs, &local) == nullptr) return {"UTC", 0};
  return {local.tm_zone != nullptr ? local.tm_zone : "", local.tm_gmtoff};
}

std::vector<std::string_view> parseClocksources(std::string_view text) {
  std::vector<std::string_view> names;
  std::string_view field;
  text = trimSpace(text);
  while (popField(text, field)) names.push_back(field);
  return names;
}

std::unique_ptr<Collector> makeTimeCollector(const CollectorContext& context) {
  return std::make_unique<TimeCollector>(context.options.paths, context.clock);
}

}  // namespace unyo::collectors
