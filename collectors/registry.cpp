#include "collectors/registry.h"

#include <algorithm>

#include "collectors/cpu_collector.h"
#include "collectors/diskstats_collector.h"
#include "collectors/filesystem_collector.h"
#include "collectors/loadavg_collector.h"
#include "collectors/meminfo_collector.h"
#include "collectors/netdev_collector.h"
#include "collectors/pressure_collector.h"
#include "collectors/services_collector.h"
#include "collectors/stat_collector.h"
#include "collectors/time_collector.h"
#include "collectors/uname_collector.h"

namespace unyo::collectors {
namespace {

// Every collector, in the order their families appear in the output.
constexpr CollectorFactory kCollectors[] = {
    {"cpu", true, "Seconds each CPU spent in each mode, from /proc/stat", makeCpuCollector},
    {"diskstats", true, "Block device I/O, from /proc/diskstats", makeDiskstatsCollector},
    {"filesystem", true, "Filesystem space and inodes, from statfs on each mount",
     makeFilesystemCollector},
    {"loadavg", true, "Load averages, from /proc/loadavg", makeLoadavgCollector},
    {"meminfo", true, "Memory statistics, from /proc/meminfo", makeMeminfoCollector},
    {"netdev", true, "Network interface counters, from /proc/net/dev", makeNetdevCollector},
    {"pressure", true, "Pressure stall information, from /proc/pressure", makePressureCollector},
    {"services", true, "CPU, memory, I/O and state of systemd services (cgroup v2)",
     makeServicesCollector},
    {"stat", true, "Boot time, context switches, forks, interrupts, from /proc/stat",
     makeStatCollector},
    {"time", true, "The system clock, time zone and clocksource", makeTimeCollector},
    {"uname", true, "Kernel and host names, from /proc/sys/kernel", makeUnameCollector},
};

}  // namespace

std::span<const CollectorFactory> collectorRegistry() { return kCollectors; }

bool isKnownCollector(std::string_view name) {
  const auto all = collectorRegistry();
  return std::any_of(all.begin(), all.end(), [&](const auto& f) { return f.name == name; });
}

Expected<std::vector<NamedCollector>> buildCollectors(const CollectorContext& context,
                                                      std::span<const std::string> only) {
  for (const auto& name : only) {
    if (!isKnownCollector(name)) return fail("unknown collector \"" + name + "\"");
  }
  std::vector<NamedCollector> built;
  for (const auto& factory : collectorRegistry()) {
    const bool wanted =
        only.empty()
            ? factory.enabledByDefault &&
                  std::find(context.options.disabled.begin(), context.options.disabled.end(),
                            factory.name) == context.options.disabled.end()
            : std::find(only.begin(), only.end(), factory.name) != only.end();
    if (wanted) built.push_back({std::string(factory.name), factory.create(context)});
  }
  return built;
}

}  // namespace unyo::collectors
