#pragma once

// The store's answers to fleet_queries.h turned into the report's rows and
// per-system statistics. Pure: no I/O, no clock.
//
// Per agent (instance), a counter's growth over the month is its end value
// minus its start value (0 without one: an agent that started in the
// month); a counter that went down was reset (a state directory wiped) and
// counts with its end value. Agents without a sample in the month have no
// end value and add nothing. The rows sum their agents.

#include <string>
#include <vector>

#include "agent/fleet/fleet_data.h"
#include "agent/fleet/fleet_period.h"
#include "agent/fleet/fleet_queries.h"
#include "agent/fleet/prometheus_answer.h"

namespace unyo::agent {

// `answers` in FleetQueryId order (as askStore returns them for fleetQueries()).
FleetReportData buildFleetReport(const std::vector<PromVector>& answers, const FleetPeriod& period,
                                 const FleetScope& scope);

// Quartiles of yen per resident per system, and each row's place against
// the fences (fills `systems` and each row's `outlier`).
void addSystemStatistics(FleetReportData& data);

}  // namespace unyo::agent
