// The fleet report as Markdown: a header list, the municipality-by-system
// table with a total, the per-system spread of yen per resident with the
// outliers named, and how the numbers are made.

#include "agent/fleet/fleet_data.h"
#include "agent/fleet/fleet_table.h"
#include "agent/fleet/fleet_text.h"
#include "agent/report/markdown_table.h"

namespace unyo::agent {
namespace {

std::vector<MarkdownColumn> markdownColumns(const std::vector<FleetColumn>& columns) {
  std::vector<MarkdownColumn> out;
  for (const auto& column : columns) out.push_back({column.title, column.numeric});
  return out;
}

}  // namespace

std::string renderFleetMarkdown(const FleetReportData& data, ReportLanguage language) {
  const auto t = [&](FleetText key) { return std::string(fleetText(key, language)); };
  const bool ja = language == ReportLanguage::ja;
  const std::string colon = ja ? "：" : ": ";
  std::string out = "# " + t(FleetText::title) + (ja ? "　" : " — ") +
                    monthDisplay(data.month, language) + "\n\n";
  out += "- " + t(FleetText::scope) + colon + scopeDisplay(data, language) + "\n";
  out += "- " + t(FleetText::environment) + colon +
         environmentDisplayName(data.environment, language) + "\n";
  out += "- " + t(FleetText::period) + colon + fleetPeriodDisplay(data, language) + "\n";
  out += "- " + t(FleetText::generatedAt) + colon + formatTimestamp(data.generatedAt, language) +
         "\n\n";
  if (data.partial) out += "> " + partialNote(data, language) + "\n\n";
  for (const auto& warning : data.warnings) out += "> " + t(FleetText::warning) + warning + "\n\n";

  out += "## " + t(FleetText::rowsHeading) + "\n\n";
  if (data.rows.empty()) {
    out += t(FleetText::noRows) + "\n\n";
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const auto& row : data.rows) rows.push_back(rowCells(row, language));
    rows.push_back(totalCells(data, language));
    appendMarkdownTable(out, markdownColumns(rowColumns(language)), std::move(rows));
  }

  out += "## " + t(FleetText::systemsHeading) + "\n\n";
  if (!data.systems.empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& summary : data.systems) rows.push_back(systemCells(data, summary, language));
    appendMarkdownTable(out, markdownColumns(systemColumns(language)), std::move(rows));
  }
  out += t(FleetText::methodNote) + "\n";
  return out;
}

}  // namespace unyo::agent
