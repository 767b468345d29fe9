#pragma once

// The fleet report's two tables as the reader sees them — header and
// formatted cells — shared by the Markdown and HTML renderers so both show
// the same columns in the same words. (CSV writes raw numbers instead.)

#include <string>
#include <vector>

#include "agent/fleet/fleet_data.h"

namespace unyo::agent {

struct FleetColumn {
  std::string title;
  bool numeric = false;
};

// LG code, municipality, system, vendor, agents, cost, estimate, variance,
// variance %, population, yen per resident, outlier, labor minutes, labor
// yen, runs, failures, coverage.
std::vector<FleetColumn> rowColumns(ReportLanguage language);
std::vector<std::string> rowCells(const FleetRow& row, ReportLanguage language);
// The total line: sums of cost, estimate, variance, labor and runs.
std::vector<std::string> totalCells(const FleetReportData& data, ReportLanguage language);

// System, municipalities, Q1, median, Q3, usual range, outliers.
std::vector<FleetColumn> systemColumns(ReportLanguage language);
std::vector<std::string> systemCells(const FleetReportData& data, const FleetSystemSummary& summary,
                                     ReportLanguage language);

}  // namespace unyo::agent
