#pragma once

// The result of one sampler cycle: every collector's families plus the
// per-collector health and derived gauges. Immutable once published;
// conditions, cost accounting and scrapes share it by shared_ptr.

#include <cstdint>
#include <memory>
#include <string_view>

#include "base/clock.h"
#include "base/metric_family.h"

namespace unyo::collectors {

struct Snapshot {
  std::uint64_t sequence = 0;  // 1 for the first sample, then +1 per cycle
  Clock::WallTime takenAt;
  Clock::SteadyTime takenAtSteady;
  Families families;

  const prometheus::MetricFamily* find(std::string_view name) const {
    return findFamily(families, name);
  }
};

using SnapshotPtr = std::shared_ptr<const Snapshot>;

}  // namespace unyo::collectors
