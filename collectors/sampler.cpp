#include "collectors/sampler.h"

namespace unyo::collectors {

Sampler::Sampler(std::vector<NamedCollector> collectors, const Clock& clock, Logger& log)
    : collectors_(std::move(collectors)),
      clock_(clock),
      log_(log),
      lastSucceeded_(collectors_.size(), true) {}

SnapshotPtr Sampler::sample() {
  auto snapshot = std::make_shared<Snapshot>();
  snapshot->takenAt = clock_.now();
  Families& families = snapshot->families;

  auto success = gaugeFamily("unyo_collector_success",
                             "1 if the collector's last run succeeded, 0 if it failed.");
  auto duration =
      gaugeFamily("unyo_collector_duration_seconds", "How long the collector's last run took.");

  for (std::size_t i = 0; i < collectors_.size(); ++i) {
    const auto& [name, collector] = collectors_[i];
    const std::size_t mark = families.size();
    const auto start = clock_.steadyNow();
    auto result = collector->collect(families);
    const auto took = std::chrono::duration<double>(clock_.steadyNow() - start).count();
    if (!result) {
      families.resize(mark);  // a failed collector contributes nothing half-done
      // Log on the transition only: a collector broken for a day must not
      // write 5760 identical lines.
      if (lastSucceeded_[i]) {
        log_.warn("collector failed", {{"collector", name}, {"err", result.error().message}});
      }
    } else if (!lastSucceeded_[i]) {
      log_.info("collector recovered", {{"collector", name}});
    }
    lastSucceeded_[i] = result.has_value();
    addSample(success, result ? 1.0 : 0.0, {{"collector", name}});
    addSample(duration, took, {{"collector", name}});
  }

  derived_.append(families);
  for (const auto& source : sources_) source(families);
  families.push_back(std::move(success));
  families.push_back(std::move(duration));

  snapshot->takenAtSteady = clock_.steadyNow();
  snapshot->sequence = ++sequence_;
  SnapshotPtr published = std::move(snapshot);
  {
    std::lock_guard lock(latestMutex_);
    latest_ = published;
  }
  return published;
}

bool Sampler::mayBlock() const {
  for (const auto& named : collectors_) {
    if (named.collector->mayBlock()) return true;
  }
  return false;
}

SnapshotPtr Sampler::latest() const {
  std::lock_guard lock(latestMutex_);
  return latest_;
}

bool Sampler::isFresh(Clock::Duration maxAge) const {
  const SnapshotPtr snapshot = latest();
  return snapshot && clock_.steadyNow() - snapshot->takenAtSteady < maxAge;
}

}  // namespace unyo::collectors
