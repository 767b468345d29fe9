#pragma once

// Store answers for the fleet tests, written as the store would send them:
// one PromVector per query in FleetQueryId order.

#include <map>
#include <string>
#include <vector>

#include "agent/fleet/fleet_queries.h"
#include "agent/fleet/prometheus_answer.h"

namespace unyo::agent {

class FleetAnswers {
 public:
  FleetAnswers() : answers_(static_cast<std::size_t>(FleetQueryId::count_)) {}

  // A sample of an agent (instance `lgCode-system-n`), with extra labels.
  FleetAnswers& add(FleetQueryId id, const std::string& lgCode, const std::string& system,
                    double value, std::map<std::string, std::string> labels = {},
                    int instance = 1) {
    labels["lg_code"] = lgCode;
    labels["system"] = system;
    labels["instance"] = lgCode + "-" + system + "-" + std::to_string(instance);
    answers_[static_cast<std::size_t>(id)].samples.push_back({std::move(labels), value});
    return *this;
  }
  FleetAnswers& population(const std::string& lgCode, double residents) {
    answers_[static_cast<std::size_t>(FleetQueryId::population)].samples.push_back(
        {{{"lg_code", lgCode}}, residents});
    return *this;
  }
  // An agent that reported all month at 15 s with `vendor`, cost `start` -> `end`.
  FleetAnswers& agent(const std::string& lgCode, const std::string& system,
                      const std::string& vendor, double start, double end, int instance = 1,
                      const std::string& name = "") {
    std::map<std::string, std::string> info = {{"vendor", vendor}};
    if (!name.empty()) info["municipality_name"] = name;
    add(FleetQueryId::agentInfo, lgCode, system, 1, info, instance);
    add(FleetQueryId::infoSamples, lgCode, system, 31 * 86400 / 15, {}, instance);
    add(FleetQueryId::sampleInterval, lgCode, system, 15, {}, instance);
    add(FleetQueryId::costEnd, lgCode, system, end, {}, instance);
    add(FleetQueryId::costStart, lgCode, system, start, {}, instance);
    return *this;
  }
  const std::vector<PromVector>& answers() const { return answers_; }

 private:
  std::vector<PromVector> answers_;
};

}  // namespace unyo::agent
