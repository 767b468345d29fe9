#pragma once

// The kernel-wide counters of /proc/stat, as node_exporter 1.5's stat
// collector: node_boot_time_seconds, node_context_switches_total,
// node_forks_total, node_intr_total, node_procs_running, node_procs_blocked.

#include <memory>
#include <string_view>

#include "base/error.h"
#include "collectors/collector.h"

namespace unyo::collectors {

struct CollectorContext;

struct ProcStat {
  double bootTime = 0;  // "btime", Unix seconds
  double contextSwitches = 0;
  double forks = 0;       // "processes"
  double interrupts = 0;  // the first number of "intr", the total
  double procsRunning = 0;
  double procsBlocked = 0;
};

// Lines it does not know (cpu, softirq, ...) are skipped; absent ones stay 0.
Expected<ProcStat> parseProcStat(std::string_view text);

std::unique_ptr<Collector> makeStatCollector(const CollectorContext& context);

}  // namespace unyo::collectors
