#pragma once

// Builds a Sampler from the collectors' options: the one place that turns
// config into running collectors, used by `unyo run` and `unyo collect`.

#include <memory>
#include <span>
#include <string>

#include "collectors/sampler.h"

namespace unyo::agent {

Expected<std::unique_ptr<collectors::Sampler>> buildSampler(
    const collectors::Options& options, const Clock& clock, Logger& log,
    collectors::StatFs& statFs, std::span<const std::string> only = {});

}  // namespace unyo::agent
