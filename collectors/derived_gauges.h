#pragma once

// Gauges computed from what the collectors read, so dashboards and playbook
// conditions need no PromQL:
//   unyo_cpu_utilization_ratio   busy share of all CPU time since the last sample
//   unyo_memory_used_ratio       1 - MemAvailable / MemTotal
//   unyo_filesystem_used_ratio   used / (used + avail), what df shows as Use%

#include <optional>

#include "base/metric_family.h"

namespace unyo::collectors {

class DerivedGauges {
 public:
  // Appends the derived families computed from `families` (the families of
  // the cycle being built). Remembers this cycle's CPU counters for the next.
  void append(Families& families);

 private:
  struct CpuTotals {
    double total = 0;
    double idle = 0;  // idle + iowait
  };
  std::optional<CpuTotals> previousCpu_;
};

}  // namespace unyo::collectors
