#include "agent/cost/host_reading.h"

#include <algorithm>

namespace unyo::agent {
namespace {

std::optional<double> firstValue(const collectors::Snapshot& snapshot, std::string_view name) {
  const auto* family = snapshot.find(name);
  if (family == nullptr || family->metric.empty()) return std::nullopt;
  return sampleValue(*family, family->metric.front());
}

// Values of `name` by the label `label`, for the wanted label values only.
std::map<std::string, double> valuesByLabel(const collectors::Snapshot& snapshot,
                                            std::string_view name, std::string_view label,
                                            const std::vector<std::string>& wanted) {
  std::map<std::string, double> out;
  if (wanted.empty()) return out;
  const auto* family = snapshot.find(name);
  if (family == nullptr) return out;
  for (const auto& metric : family->metric) {
    const auto value = labelValue(metric, label);
    if (std::find(wanted.begin(), wanted.end(), value) == wanted.end()) continue;
    out.try_emplace(std::string(value), sampleValue(*family, metric));  // first one wins
  }
  return out;
}

// Every CPU has exactly one idle series.
int countCpus(const collectors::Snapshot& snapshot) {
  const auto* family = snapshot.find("node_cpu_seconds_total");
  if (family == nullptr) return 0;
  int cpus = 0;
  for (const auto& metric : family->metric) cpus += labelValue(metric, "mode") == "idle" ? 1 : 0;
  return cpus;
}

}  // namespace

HostReading readHost(const collectors::Snapshot& snapshot,
                     const std::vector<std::string>& mountpoints,
                     const std::vector<std::string>& devices) {
  HostReading reading;
  reading.at = snapshot.takenAt;
  reading.atSteady = snapshot.takenAtSteady;
  reading.bootTimeUnix = firstValue(snapshot, "node_boot_time_seconds");
  reading.cpuUtilization = firstValue(snapshot, "unyo_cpu_utilization_ratio");
  reading.memoryTotalBytes = firstValue(snapshot, "node_memory_MemTotal_bytes");
  reading.memoryAvailableBytes = firstValue(snapshot, "node_memory_MemAvailable_bytes");
  reading.cpuCount = countCpus(snapshot);
  reading.filesystemSizeBytes =
      valuesByLabel(snapshot, "node_filesystem_size_bytes", "mountpoint", mountpoints);
  reading.transmitBytes =
      valuesByLabel(snapshot, "node_network_transmit_bytes_total", "device", devices);
  return reading;
}

}  // namespace unyo::agent
