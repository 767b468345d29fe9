#include "agent/daemon/collector_setup.h"

#include "collectors/process_metrics.h"

namespace unyo::agent {

Expected<std::unique_ptr<collectors::Sampler>> buildSampler(const collectors::Options& options,
                                                            const Clock& clock, Logger& log,
                                                            collectors::StatFs& statFs,
                                                            std::span<const std::string> only,
                                                            SelfMetrics self) {
  const collectors::CollectorContext context{options, clock, log, statFs};
  auto built = collectors::buildCollectors(context, only);
  if (!built) return std::unexpected(built.error());
  auto sampler = std::make_unique<collectors::Sampler>(std::move(*built), clock, log);
  if (self == SelfMetrics::process) {
    // Each sampler owns its reader: after a reload the old sampler may still
    // be finishing a cycle on the worker thread.
    auto process = std::make_shared<collectors::ProcessMetrics>();
    sampler->addSource([process](Families& out) {
      for (auto& family : process->collect()) out.push_back(std::move(family));
    });
  }
  return sampler;
}

}  // namespace unyo::agent
