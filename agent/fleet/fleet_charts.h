#pragma once

// The fleet report's inline SVG charts: self-contained markup scaled
// through viewBox, every label escaped, safe with no data or all zeros.

#include <string>

#include "agent/fleet/fleet_data.h"

namespace unyo::agent {

// <svg id="yen-per-resident-chart">: per system a box from Q1 to Q3, a
// line at the median, whiskers to the farthest values inside the fences,
// and one circle per municipality (class "outlier" outside the fences),
// each with a <title> naming it. Empty when no row has a population.
std::string yenPerResidentChart(const FleetReportData& data, ReportLanguage language);

// <svg id="cost-chart">: per row a bar of the cost and a tick at the
// estimate. Empty without rows.
std::string costChart(const FleetReportData& data, ReportLanguage language);

}  // namespace unyo::agent
