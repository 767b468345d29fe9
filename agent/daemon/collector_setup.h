#pragma once

// Builds a Sampler from the collectors' options: the one place that turns
// config into running collectors, used by `unyo run` and `unyo collect`.

#include <memory>
#include <span>
#include <string>

#include "collectors/sampler.h"

namespace unyo::agent {

// The daemon's sampler also records the agent's own process_* metrics with
// every sample, so a burst of scrapes reads /proc/self once, like /proc.
enum class SelfMetrics { none, process };

Expected<std::unique_ptr<collectors::Sampler>> buildSampler(const collectors::Options& options,
                                                            const Clock& clock, Logger& log,
                                                            collectors::StatFs& statFs,
                                                            std::span<const std::string> only = {},
                                                            SelfMetrics self = SelfMetrics::none);

}  // namespace unyo::agent
