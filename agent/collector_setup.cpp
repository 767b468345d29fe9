#include "agent/collector_setup.h"

namespace unyo::agent {

Expected<std::unique_ptr<collectors::Sampler>> buildSampler(const collectors::Options& options,
                                                            const Clock& clock, Logger& log,
                                                            collectors::StatFs& statFs,
                                                            std::span<const std::string> only) {
  const collectors::CollectorContext context{options, clock, log, statFs};
  auto built = collectors::buildCollectors(context, only);
  if (!built) return std::unexpected(built.error());
  return std::make_unique<collectors::Sampler>(std::move(*built), clock, log);
}

}  // namespace unyo::agent
