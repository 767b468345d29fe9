#include "agent/daemon/self_metrics.h"

namespace unyo::agent {

void appendAgentInfo(Families& out, const Identity& identity, std::string_view version) {
  auto info =
      gaugeFamily("unyo_agent_info", "Identity of this agent: always 1, the labels say who it is.");
  addSample(info, 1,
            {{"csp", identity.csp},
             {"environment", identity.environment},
             {"lg_code", identity.lgCode},
             {"system", identity.system},
             {"vendor", identity.vendor},
             {"version", std::string(version)}});
  out.push_back(std::move(info));
}

void appendReloadStatus(Families& out, const ReloadStatus& status, std::string_view prefix,
                        std::string_view what) {
  const std::string name(prefix);
  const std::string subject(what);
  auto successful = gaugeFamily(name + "_last_reload_successful",
                                "1 if the last " + subject + " reload succeeded, 0 if it failed.");
  addSample(successful, status.lastSuccessful ? 1 : 0);
  out.push_back(std::move(successful));
  auto timestamp = gaugeFamily(name + "_last_reload_success_timestamp_seconds",
                               "When the " + subject + " was last loaded successfully.");
  addSample(timestamp, status.lastSuccessUnixSeconds);
  out.push_back(std::move(timestamp));
}

}  // namespace unyo::agent
