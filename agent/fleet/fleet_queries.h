#pragma once

// The PromQL instant queries behind a fleet report, and the scope they are
// limited to. Every query groups by the agent (instance) and what the
// report groups by, so the answers stay small however many series each
// agent has, and the arithmetic across time happens here, not in PromQL:
//
//   a counter's growth over the month = its last value in the month minus
//   its last value before the month (0 for an agent that started in the
//   month), per agent; PromQL's increase() would extrapolate.
//
// The same queries work on scraped and on remote-written samples: they
// read only the labels every agent's samples carry (job="unyo", instance,
// lg_code, prefecture, system, environment, vendor).

#include <string>
#include <vector>

#include "agent/fleet/fleet_period.h"
#include "base/clock.h"
#include "base/error.h"

namespace unyo::agent {

// Which agents a report covers.
struct FleetScope {
  std::string environment = "production";
  std::string prefecture;  // "13": one prefecture; empty: all
  std::string lgCode;      // "131016": one municipality; empty: all
};

// The scope's flags checked: a 2-digit prefecture 01-47, a valid lg_code
// (check digit), a known environment. Errors name the flag.
Expected<FleetScope> fleetScope(std::string environment, std::string prefecture,
                                std::string lgCode);

// `{job="unyo",environment="production",prefecture="13"}`
std::string selectorOf(const FleetScope& scope);

enum class FleetQueryId {
  costEnd,
  costStart,
  baseline,
  population,
  laborMinutesEnd,
  laborMinutesStart,
  laborYenEnd,
  laborYenStart,
  runsEnd,
  runsStart,
  agentInfo,
  infoSamples,
  sampleInterval,
  count_,  // not a query: how many there are
};

struct FleetQuery {
  FleetQueryId id;
  std::string promql;
  Clock::WallTime at;  // the evaluation time (`time=`)
};

// How far before the month a counter's starting value is looked for: an
// agent silent for longer counts from 0 (as one that started in the month).
inline constexpr long long kStartLookbackSeconds = 31LL * 24 * 3600;

// Every query, in FleetQueryId order.
std::vector<FleetQuery> fleetQueries(const FleetScope& scope, const FleetPeriod& period);

}  // namespace unyo::agent
