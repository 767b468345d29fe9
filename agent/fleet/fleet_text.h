#pragma once

// The words of the fleet report in English and Japanese, and the cells
// every renderer formats the same way. Numbers, dates, system and
// environment names come from report_text.h, so `unyo report` and
// `unyo fleet report` write them alike.

#include <string>
#include <string_view>

#include "agent/fleet/fleet_data.h"
#include "agent/report/report_text.h"

namespace unyo::agent {

enum class FleetText {
  title,
  month,
  scope,
  allPrefectures,
  environment,
  period,
  generatedAt,
  rowsHeading,
  lgCode,
  municipality,
  system,
  vendor,
  agents,
  cost,
  estimate,
  variance,
  variancePercent,
  population,
  yenPerResident,
  laborMinutes,
  laborYen,
  runs,
  failures,
  coverage,
  outlier,
  high,
  low,
  noRows,
  systemsHeading,
  municipalities,
  q1,
  median,
  q3,
  fences,
  outliers,
  none,
  total,
  methodNote,
  warning,
  boxChart,
  costChart,
  count_,  // not a label: the number of labels
};

std::string_view fleetText(FleetText key, ReportLanguage language);

// "東京都（13）" / "Tokyo (13)"; the municipality's code when the report
// covers one; "全都道府県" / "All prefectures".
std::string scopeDisplay(const FleetReportData& data, ReportLanguage language);
// "2026年10月" / "October 2026".
std::string monthDisplay(std::string_view month, ReportLanguage language);
// "2026年10月1日～2026年10月31日" / "2026-10-01 – 2026-10-31".
std::string fleetPeriodDisplay(const FleetReportData& data, ReportLanguage language);
// Empty for a whole month; else what a partial month means for the numbers.
std::string partialNote(const FleetReportData& data, ReportLanguage language);

// The cells of a row as the reader sees them ("" where there is no value).
std::string vendorsDisplay(const FleetRow& row);
std::string outlierDisplay(Outlier outlier, ReportLanguage language);
std::string yenPerResidentDisplay(double yen, ReportLanguage language);  // "¥12.35" / "12.35円"
std::string coverageDisplay(const FleetRow& row);                        // "98.5%"
// "世田谷区（131121、A社）: 高い 55.00円" / "Setagaya (131121, Vendor A): high ¥55.00"
std::string outlierSummary(const FleetReportData& data, std::size_t rowIndex,
                           ReportLanguage language);

}  // namespace unyo::agent
