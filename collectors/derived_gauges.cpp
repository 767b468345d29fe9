#include "collectors/derived_gauges.h"

namespace unyo::collectors {

void DerivedGauges::append(Families& families) {
  Families derived;

  if (const auto* cpu = findFamily(families, "node_cpu_seconds_total")) {
    CpuTotals now;
    for (const auto& m : cpu->metric) {
      const double v = sampleValue(*cpu, m);
      now.total += v;
      const std::string_view mode = labelValue(m, "mode");
      if (mode == "idle" || mode == "iowait") now.idle += v;
    }
    // Since the previous sample when there is one; since boot on the first
    // sample, or when the counters went backwards (a fixture swap, a reboot
    // seen through a bind mount).
    CpuTotals delta = now;
    if (previousCpu_ && now.total > previousCpu_->total && now.idle >= previousCpu_->idle) {
      delta.total = now.total - previousCpu_->total;
      delta.idle = now.idle - previousCpu_->idle;
    }
    previousCpu_ = now;
    if (delta.total > 0) {
      auto utilization = gaugeFamily(
          "unyo_cpu_utilization_ratio",
          "Share of CPU time not idle or waiting for I/O since the previous sample (0-1).");
      addSample(utilization, 1.0 - delta.idle / delta.total);
      derived.push_back(std::move(utilization));
    }
  }

  const auto* memTotal = findFamily(families, "node_memory_MemTotal_bytes");
  const auto* memAvail = findFamily(families, "node_memory_MemAvailable_bytes");
  if (memTotal && memAvail && !memTotal->metric.empty() && !memAvail->metric.empty()) {
    const double total = sampleValue(*memTotal, memTotal->metric.front());
    const double avail = sampleValue(*memAvail, memAvail->metric.front());
    if (total > 0) {
      auto used = gaugeFamily("unyo_memory_used_ratio",
                              "Share of memory not available to new work: "
                              "1 - MemAvailable / MemTotal.");
      addSample(used, 1.0 - avail / total);
      derived.push_back(std::move(used));
    }
  }

  const auto* fsSize = findFamily(families, "node_filesystem_size_bytes");
  const auto* fsFree = findFamily(families, "node_filesystem_free_bytes");
  const auto* fsAvail = findFamily(families, "node_filesystem_avail_bytes");
  if (fsSize && fsFree && fsAvail && fsSize->metric.size() == fsFree->metric.size() &&
      fsSize->metric.size() == fsAvail->metric.size()) {
    auto used = gaugeFamily("unyo_filesystem_used_ratio",
                            "Used share of a filesystem as df shows it: used / (used + avail), "
                            "where used = size - free.");
    // The filesystem collector emits the three families in the same order.
    for (std::size_t i = 0; i < fsSize->metric.size(); ++i) {
      const double size = sampleValue(*fsSize, fsSize->metric[i]);
      const double free = sampleValue(*fsFree, fsFree->metric[i]);
      const double avail = sampleValue(*fsAvail, fsAvail->metric[i]);
      const double usedBytes = size - free;
      if (usedBytes + avail <= 0) continue;
      addSample(used, usedBytes / (usedBytes + avail), fsSize->metric[i].label);
    }
    if (!used.metric.empty()) derived.push_back(std::move(used));
  }

  for (auto& f : derived) families.push_back(std::move(f));
}

}  // namespace unyo::collectors
