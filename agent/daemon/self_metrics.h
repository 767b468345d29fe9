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
void appendReloadStatus(Families& out, const ReloadStatus& status);

}  // namespace unyo::agent
