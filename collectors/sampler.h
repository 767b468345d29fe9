#pragma once

// Runs the enabled collectors and publishes a Snapshot with
// unyo_collector_success / unyo_collector_duration_seconds and the derived
// gauges. When to sample is the caller's business (the agent's sampling loop
// runs sample() on a worker thread); latest() may be called from any thread.

#include <functional>
#include <mutex>
#include <vector>

#include "base/clock.h"
#include "base/logger.h"
#include "collectors/derived_gauges.h"
#include "collectors/registry.h"
#include "collectors/snapshot.h"

namespace unyo::collectors {

class Sampler {
 public:
  Sampler(std::vector<NamedCollector> collectors, const Clock& clock, Logger& log);

  // Series computed with each sample that come from no collector (the
  // agent's own process_*): appended after the collectors' families, with
  // no success/duration of their own.
  void addSource(std::function<void(Families&)> source) { sources_.push_back(std::move(source)); }

  // Runs one cycle and publishes it. Not reentrant: one cycle at a time.
  SnapshotPtr sample();

  // The last published snapshot, or nullptr before the first cycle.
  SnapshotPtr latest() const;

  // Whether any collector's next run may wait on something that can hang.
  bool mayBlock() const;

  // True when the latest snapshot is younger than `maxAge`.
  bool isFresh(Clock::Duration maxAge) const;

 private:
  std::vector<NamedCollector> collectors_;
  std::vector<std::function<void(Families&)>> sources_;
  const Clock& clock_;
  Logger& log_;
  DerivedGauges derived_;
  std::vector<bool> lastSucceeded_;  // to log a collector's failure once, not every cycle
  std::uint64_t sequence_ = 0;

  mutable std::mutex latestMutex_;
  SnapshotPtr latest_;
};

}  // namespace unyo::collectors
