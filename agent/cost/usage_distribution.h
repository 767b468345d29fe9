#pragma once

// The last seven days of CPU utilization and memory use, as histograms, for
// right-sizing: one histogram pair per calendar day (UTC), the oldest day
// dropped as a new one starts, so the window slides without keeping raw
// samples. CPU in 1% buckets of all vCPUs, memory in 0.5% buckets of
// MemTotal; a percentile is the upper edge of the bucket it falls in, so
// it errs on the side of keeping capacity. Persisted as one small text
// file, replaced atomically.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/error.h"

namespace unyo::agent {

class UsageDistribution {
 public:
  static constexpr int kDays = 7;
  static constexpr int kCpuBuckets = 100;     // 1% each
  static constexpr int kMemoryBuckets = 200;  // 0.5% each

  // One sample: CPU utilization 0..1 of all vCPUs, memory used and total.
  void add(Clock::WallTime at, double cpuRatio, double memoryUsedBytes, double memoryTotalBytes);

  // Samples in the window ending at `now` (days older than 7 are ignored).
  std::uint64_t samples(Clock::WallTime now) const;
  // p95 of CPU utilization (0..1) over the window; nullopt with no samples.
  std::optional<double> cpuPercentile(Clock::WallTime now, double quantile) const;
  // p95 of memory used in bytes (bucket edge x the latest MemTotal).
  std::optional<double> memoryPercentile(Clock::WallTime now, double quantile) const;

  // Text form for the state directory, and back. parse() rejects anything
  // it cannot read exactly with an error naming the line.
  std::string serialize() const;
  static Expected<UsageDistribution> parse(std::string_view text);

 private:
  struct Day {
    std::int64_t dayNumber = -1;  // days since the epoch (UTC); -1: unused
    std::array<std::uint32_t, kCpuBuckets> cpu{};
    std::array<std::uint32_t, kMemoryBuckets> memory{};
  };
  std::array<Day, kDays> days_{};
  double memoryTotalBytes_ = 0;
};

}  // namespace unyo::agent
