#pragma once

// The agent's own series: unyo_agent_info and the config reload gauges.

#include <string_view>

#include "agent/config/identity.h"
#include "base/metric_family.h"

namespace unyo::agent {

struct ReloadStatus {
  bool lastSuccessful = true;
  double lastSuccessUnixSeconds = 0;
};

void appendAgentInfo(Families& out, const Identity& identity, std::string_view version);
// unyo_config_last_reload_* for the config file; `prefix` and `what` name
// another file with the same pair (unyo_web_config_*).
void appendReloadStatus(Families& out, const ReloadStatus& status,
                        std::string_view prefix = "unyo_config",
                        std::string_view what = "configuration");

}  // namespace unyo::agent
