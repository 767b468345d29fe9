#pragma once

// The agent's own series: unyo_agent_info and the config reload gauges.

#include <chrono>
#include <string_view>

#include "agent/config/identity.h"
#include "base/metric_family.h"

namespace unyo::agent {

struct ReloadStatus {
  bool lastSuccessful = true;
  double lastSuccessUnixSeconds = 0;
};

void appendAgentInfo(Families& out, const Identity& identity, std::string_view version);
// unyo_identity_population (when configured) and unyo_sampling_interval_seconds:
// what a fleet needs to turn yen into yen per resident and sample counts into coverage.
void appendIdentityGauges(Families& out, const Identity& identity,
                          std::chrono::milliseconds samplingInterval);
// unyo_config_last_reload_* for the config file; `prefix` and `what` name
// another file with the same pair (unyo_web_config_*).
void appendReloadStatus(Families& out, const ReloadStatus& status,
                        std::string_view prefix = "unyo_config",
                        std::string_view what = "configuration");

}  // namespace unyo::agent
