#pragma once

// Everything `unyo fleet report` shows: one row per municipality and
// business system for a month, and per system the spread of yen per
// resident across municipalities with the outliers named. The renderers
// (fleet_*_report.cpp) turn it into Markdown, CSV or HTML, in Japanese or
// English.

#include <optional>
#include <string>
#include <vector>

#include "agent/fleet/fleet_statistics.h"
#include "agent/report/report_data.h"

namespace unyo::agent {

struct FleetRow {
  std::string lgCode;
  std::string municipalityName;      // from unyo_agent_info's municipality_name; may be empty
  std::string system;                // id; the renderer names it in the language
  std::vector<std::string> vendors;  // as the agents said (several when it changed)
  int agents = 0;                    // instances that reported in the month

  double costYen = 0;                     // counter growth over the month, summed over agents
  std::optional<double> estimateYen;      // baselines summed, pro-rated to a partial month
  std::optional<double> varianceYen;      // cost - estimate
  std::optional<double> variancePercent;  // of the estimate; none when it is 0
  std::optional<double> population;
  std::optional<double> yenPerResident;
  Outlier outlier = Outlier::none;  // yen per resident against the system's fences

  double laborMinutes = 0;
  double laborYen = 0;
  double runs = 0;
  double failures = 0;             // result failure or timeout
  std::optional<double> coverage;  // 0-1: the agents' samples x interval / the period
};

struct FleetSystemSummary {
  std::string system;
  int municipalities = 0;  // rows of this system with a yen per resident
  std::optional<Quartiles> yenPerResident;
  std::optional<TukeyFences> fences;
  // Rows outside the fences, as indexes into FleetReportData::rows.
  std::vector<std::size_t> outliers;
};

struct FleetReportData {
  std::string month;        // "2026-10"
  std::string periodFrom;   // "2026-10-01"
  std::string periodTo;     // "2026-10-31", or today when partial
  bool partial = false;     // the month is not over: cost to now, estimate pro-rated
  double shareOfMonth = 1;  // of the month covered
  std::string generatedAt;  // "2026-11-02T09:00:00+09:00"
  std::string environment;  // "production"
  std::string prefecture;   // "13" when the report covers one prefecture
  std::string lgCode;       // when it covers one municipality

  std::vector<FleetRow> rows;               // by lg_code, then system in businessSystems() order
  std::vector<FleetSystemSummary> systems;  // in businessSystems() order, only those present
  std::vector<std::string> warnings;        // what the store warned about
};

std::string renderFleetMarkdown(const FleetReportData& data, ReportLanguage language);
std::string renderFleetCsv(const FleetReportData& data, ReportLanguage language);
std::string renderFleetHtml(const FleetReportData& data, ReportLanguage language);

}  // namespace unyo::agent
