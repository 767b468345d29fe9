#pragma once

// The agent's own process_* metrics, named as Prometheus' client_golang
// process collector names them (what node_exporter itself exports):
// process_cpu_seconds_total, process_open_fds, process_max_fds,
// process_virtual_memory_bytes, process_virtual_memory_max_bytes,
// process_resident_memory_bytes, process_start_time_seconds.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.h"
#include "base/metric_family.h"
#include "collectors/proc_file.h"

namespace unyo::collectors {

// The fields of /proc/<pid>/stat the metrics need, in their raw units.
struct ProcSelfStat {
  double userTicks = 0;    // utime, USER_HZ
  double systemTicks = 0;  // stime, USER_HZ
  double startTicks = 0;   // starttime, USER_HZ after boot
  double virtualBytes = 0;
  double residentPages = 0;
};

// The comm field may hold spaces and parentheses; fields are counted after its last ')'.
Expected<ProcSelfStat> parseProcSelfStat(std::string_view text);

struct ProcessLimits {
  std::optional<double> maxOpenFiles;     // soft limit; "unlimited" is 2^64-1 as in client_golang
  std::optional<double> maxAddressSpace;  // soft limit, bytes
};

ProcessLimits parseProcessLimits(std::string_view text);

// Reads procfs/self/stat and counts procfs/self/fd at every collect(). What
// does not change at run time is read once, at construction: the boot time
// (for the start time) and the limits (max fds, max address space; the
// agent builds a new ProcessMetrics on every config reload). A family whose
// source cannot be read is left out.
class ProcessMetrics {
 public:
  explicit ProcessMetrics(std::filesystem::path procfs = "/proc");
  Families collect();

 private:
  ProcFile selfStat_;
  std::filesystem::path fdDir_;
  std::optional<double> bootTime_;
  ProcessLimits limits_;
  std::string buffer_;
};

}  // namespace unyo::collectors
