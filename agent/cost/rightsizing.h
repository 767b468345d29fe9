#pragma once

// The right-sizing suggestion from the 7-day distribution: the smallest
// vCPU count that keeps the p95 CPU utilization under 70%, never below 1,
// and what that would save if the price were linear in vCPUs (it roughly is
// within one instance family; it is an estimate, not a quote).

#include <cstdint>
#include <optional>

namespace unyo::agent {

inline constexpr double kRightsizingTargetRatio = 0.70;
inline constexpr double kRightsizingQuantile = 0.95;
// No suggestion from fewer samples (an hour at the default 15 s): the
// agent's own start-up would otherwise be read as the host's load.
inline constexpr std::uint64_t kRightsizingMinSamples = 240;

struct RightsizingAdvice {
  double cpuP95Ratio = 0;  // of all current vCPUs, 0..1
  int currentVcpus = 0;
  int suggestedVcpus = 0;           // may exceed currentVcpus when the host runs hot
  double savingsYenPerHour = 0;     // price x (current - suggested) / current; never negative
};

// `cpuP95Ratio` of `currentVcpus` (> 0); `computeYenPerHour` the instance price.
RightsizingAdvice adviseRightsizing(double cpuP95Ratio, int currentVcpus, double computeYenPerHour);

}  // namespace unyo::agent
