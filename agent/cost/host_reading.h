#pragma once

// The few numbers cost accounting and right-sizing take from a sample
// snapshot, looked up once per cycle.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "collectors/snapshot.h"

namespace unyo::agent {

struct HostReading {
  Clock::WallTime at;
  Clock::SteadyTime atSteady;
  std::optional<double> bootTimeUnix;       // node_boot_time_seconds
  std::optional<double> cpuUtilization;     // unyo_cpu_utilization_ratio, 0..1
  std::optional<double> memoryTotalBytes;   // node_memory_MemTotal_bytes
  std::optional<double> memoryAvailableBytes;
  int cpuCount = 0;  // CPUs in node_cpu_seconds_total; 0 when the cpu collector is off
  std::map<std::string, double> filesystemSizeBytes;  // mountpoint -> node_filesystem_size_bytes
  std::map<std::string, double> transmitBytes;        // device -> node_network_transmit_bytes_total
};

// `mountpoints` and `devices`: the ones the cost model prices (others are
// not looked up).
HostReading readHost(const collectors::Snapshot& snapshot,
                     const std::vector<std::string>& mountpoints,
                     const std::vector<std::string>& devices);

}  // namespace unyo::agent
