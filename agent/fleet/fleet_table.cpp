#include "agent/fleet/fleet_table.h"

#include "agent/fleet/fleet_text.h"

namespace unyo::agent {
namespace {

std::string t(FleetText key, ReportLanguage language) {
  return std::string(fleetText(key, language));
}

std::string optionalYen(const std::optional<double>& yen, ReportLanguage language) {
  return yen ? formatYen(*yen, language) : "";
}

}  // namespace

std::vector<FleetColumn> rowColumns(ReportLanguage l) {
  using F = FleetText;
  return {{t(F::lgCode, l)},
          {t(F::municipality, l)},
          {t(F::system, l)},
          {t(F::vendor, l)},
          {t(F::agents, l), true},
          {t(F::cost, l), true},
          {t(F::estimate, l), true},
          {t(F::variance, l), true},
          {t(F::variancePercent, l), true},
          {t(F::population, l), true},
          {t(F::yenPerResident, l), true},
          {t(F::outlier, l)},
          {t(F::laborMinutes, l), true},
          {t(F::laborYen, l), true},
          {t(F::runs, l), true},
          {t(F::failures, l), true},
          {t(F::coverage, l), true}};
}

std::vector<std::string> rowCells(const FleetRow& row, ReportLanguage l) {
  return {row.lgCode,
          row.municipalityName,
          systemDisplayName(row.system, l),
          vendorsDisplay(row),
          std::to_string(row.agents),
          formatYen(row.costYen, l),
          optionalYen(row.estimateYen, l),
          row.varianceYen ? formatSignedYen(*row.varianceYen, l) : "",
          row.variancePercent ? formatSignedPercent(*row.variancePercent) : "",
          row.population ? formatNumber(*row.population, 0) : "",
          row.yenPerResident ? yenPerResidentDisplay(*row.yenPerResident, l) : "",
          outlierDisplay(row.outlier, l),
          formatMinutes(row.laborMinutes),
          formatYen(row.laborYen, l),
          formatNumber(row.runs, 0),
          formatNumber(row.failures, 0),
          coverageDisplay(row)};
}

std::vector<std::string> totalCells(const FleetReportData& data, ReportLanguage l) {
  double cost = 0;
  double minutes = 0;
  double laborYen = 0;
  double runs = 0;
  double failures = 0;
  int agents = 0;
  std::optional<double> estimate;
  for (const auto& row : data.rows) {
    cost += row.costYen;
    minutes += row.laborMinutes;
    laborYen += row.laborYen;
    runs += row.runs;
    failures += row.failures;
    agents += row.agents;
    if (row.estimateYen) estimate = estimate.value_or(0) + *row.estimateYen;
  }
  std::string variance;
  std::string percent;
  if (estimate) {
    variance = formatSignedYen(cost - *estimate, l);
    if (*estimate != 0) percent = formatSignedPercent((cost - *estimate) / *estimate * 100);
  }
  return {t(FleetText::total, l),
          "",
          "",
          "",
          std::to_string(agents),
          formatYen(cost, l),
          optionalYen(estimate, l),
          variance,
          percent,
          "",
          "",
          "",
          formatMinutes(minutes),
          formatYen(laborYen, l),
          formatNumber(runs, 0),
          formatNumber(failures, 0),
          ""};
}

std::vector<FleetColumn> systemColumns(ReportLanguage l) {
  using F = FleetText;
  return {{t(F::system, l)},   {t(F::municipalities, l), true},
          {t(F::q1, l), true}, {t(F::median, l), true},
          {t(F::q3, l), true}, {t(F::fences, l), true},
          {t(F::outliers, l)}};
}

std::vector<std::string> systemCells(const FleetReportData& data, const FleetSystemSummary& summary,
                                     ReportLanguage l) {
  std::vector<std::string> cells = {systemDisplayName(summary.system, l),
                                    std::to_string(summary.municipalities)};
  if (!summary.yenPerResident || !summary.fences) {
    cells.insert(cells.end(), {"", "", "", "", ""});
    return cells;
  }
  const auto& q = *summary.yenPerResident;
  cells.push_back(yenPerResidentDisplay(q.q1, l));
  cells.push_back(yenPerResidentDisplay(q.median, l));
  cells.push_back(yenPerResidentDisplay(q.q3, l));
  cells.push_back(yenPerResidentDisplay(summary.fences->lower, l) +
                  (l == ReportLanguage::ja ? "～" : " – ") +
                  yenPerResidentDisplay(summary.fences->upper, l));
  std::string outliers;
  for (std::size_t index : summary.outliers) {
    outliers += (outliers.empty() ? "" : "; ") + outlierSummary(data, index, l);
  }
  cells.push_back(outliers.empty() ? t(FleetText::none, l) : outliers);
  return cells;
}

}  // namespace unyo::agent
