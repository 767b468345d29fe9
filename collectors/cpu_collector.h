#pragma once

// node_cpu_seconds_total{cpu,mode} and node_cpu_guest_seconds_total{cpu,mode}
// from the per-CPU lines of /proc/stat, as node_exporter 1.5's cpu collector
// with its default flags (guest on, info off).

#include <array>
#include <memory>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "collectors/collector.h"

namespace unyo::collectors {

struct CollectorContext;

// The columns of a "cpuN" line, in the kernel's order.
inline constexpr std::array<std::string_view, 10> kCpuColumns = {
    "user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal", "guest", "guest_nice"};

struct CpuTimes {
  int cpu = 0;
  std::array<double, kCpuColumns.size()> seconds{};  // USER_HZ ticks / 100
};

// The "cpuN" lines of /proc/stat (not the "cpu" total line). Columns an old
// kernel does not print are 0.
Expected<std::vector<CpuTimes>> parseCpuTimes(std::string_view procStat);

std::unique_ptr<Collector> makeCpuCollector(const CollectorContext& context);

}  // namespace unyo::collectors
