#include "agent/daemon/self_metrics.h"

namespace unyo::agent {

void appendAgentInfo(Families& out, const Identity& identity, std::string_view version) {
  auto info =
      gaugeFamily("unyo_agent_info", "Identity of this agent: always 1, the labels say who it is.");
  Labels labels{{"csp", identity.csp},
                {"environment", identity.environment},
                {"lg_code", identity.lgCode},
                {"prefecture", prefectureOf(identity.lgCode)},
                {"system", identity.system},
                {"vendor", identity.vendor},
                {"version", std::string(version)}};
  if (!identity.municipalityName.empty()) {
    labels.push_back({"municipality_name", identity.municipalityName});
  }
  addSample(info, 1, std::move(labels));
  out.push_back(std::move(info));
}

void appendIdentityGauges(Families& out, const Identity& identity,
                          std::chrono::milliseconds samplingInterval) {
  if (identity.population > 0) {
    auto population = gaugeFamily("unyo_identity_population",
                                  "Residents of the municipality (identity.population).");
    addSample(population, static_cast<double>(identity.population));
    out.push_back(std::move(population));
  }
  auto interval = gaugeFamily("unyo_sampling_interval_seconds",
                              "How often the agent samples (collectors.interval).");
  addSample(interval, std::chrono::duration<double>(samplingInterval).count());
  out.push_back(std::move(interval));
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
