#include "agent/report/report_rows.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "agent/report/report_text.h"

namespace unyo::agent {
namespace {

CostRow compared(std::string component, double actualYen, std::optional<double> baselineYen) {
  CostRow row{std::move(component), actualYen, baselineYen, std::nullopt, std::nullopt};
  if (baselineYen) {
    // Of the whole-yen amounts the reports print, so every row adds up as shown.
    row.differenceYen = std::round(actualYen) - std::round(*baselineYen);
    if (*baselineYen != 0)
      row.differencePercent = (actualYen - *baselineYen) / *baselineYen * 100.0;
  }
  return row;
}

}  // namespace

bool hasBaseline(const ReportData& data) {
  return data.baselineTotalYen.has_value() ||
         std::any_of(data.costs.begin(), data.costs.end(),
                     [](const ReportData::ComponentCost& c) { return c.baselineYen.has_value(); });
}

std::vector<CostRow> costRows(const ReportData& data) {
  std::vector<CostRow> rows;
  const bool totalOnly = data.baselineTotalYen.has_value();
  double actualTotal = 0;
  std::optional<double> baselineTotal = data.baselineTotalYen;
  for (const auto& cost : data.costs) {
    actualTotal += cost.actualYen;
    if (!totalOnly && cost.baselineYen)
      baselineTotal = baselineTotal.value_or(0) + *cost.baselineYen;
    rows.push_back(
        compared(cost.component, cost.actualYen, totalOnly ? std::nullopt : cost.baselineYen));
  }
  rows.push_back(compared("total", actualTotal, baselineTotal));
  return rows;
}

ReportData::PlaybookLabor laborTotal(const ReportData& data) {
  ReportData::PlaybookLabor total;
  for (const auto& labor : data.labor) {
    total.runs += labor.runs;
    total.successes += labor.successes;
    total.credited += labor.credited;
    total.minutes += labor.minutes;
    total.yen += labor.yen;
    total.assistedCredited += labor.assistedCredited;
    total.assistedMinutes += labor.assistedMinutes;
    total.assistedYen += labor.assistedYen;
  }
  return total;
}

std::vector<UnlistedFailures> unlistedFailures(const ReportData& data) {
  std::map<std::string, int> listed;
  for (const auto& run : data.failedRuns) ++listed[run.playbook];
  std::vector<UnlistedFailures> out;
  for (const auto& labor : data.labor) {
    const int count = labor.failed() - listed[labor.playbook];
    if (count > 0) out.push_back({labor.playbook, count});
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> assumptionLines(const ReportData& data,
                                                                 ReportLanguage language) {
  const auto& a = data.assumptions;
  return {
      {std::string(text(Text::hourlyRate, language)), hourlyRateText(a, language)},
      {std::string(text(Text::countManualRuns, language)),
       countManualRunsText(a.countManualRuns, language)},
  };
}

std::vector<PlaybookAssumptionLine> playbookAssumptionLines(const ReportData& data,
                                                            ReportLanguage language) {
  const auto t = [&](Text key) { return std::string(text(key, language)); };
  const std::string none = "—";
  std::vector<PlaybookAssumptionLine> lines;
  for (const auto& p : data.assumptions.playbooks) {
    if (!p.known) {
      // When no playbook could be read, the section says so once above.
      const std::string why = data.assumptions.playbooksRead ? t(Text::notCurrentPlaybook) : none;
      lines.push_back({p.playbook, why, t(Text::unknown), t(Text::unknown), t(Text::unknown)});
      continue;
    }
    // Municipal staff read the Japanese report: the playbook's Japanese
    // description when it has one.
    const std::string& description =
        language == ReportLanguage::ja && !p.descriptionJa.empty() ? p.descriptionJa : p.description;
    lines.push_back(
        {p.playbook, description.empty() ? none : description, formatMinutes(p.manualMinutes),
         t(p.credit == LaborCreditRule::changed ? Text::creditChanged : Text::creditSuccess),
         p.basis.empty() ? none : p.basis});
  }
  return lines;
}

std::vector<FailedRunLine> failedRunLines(const ReportData& data, ReportLanguage language) {
  std::vector<FailedRunLine> lines;
  for (const auto& run : data.failedRuns) {
    std::string result = run.result;
    if (run.result == "failure") result = text(Text::resultFailure, language);
    if (run.result == "timeout") result = text(Text::resultTimeout, language);
    lines.push_back({formatDate(run.date, language), run.playbook, run.runId, std::move(result),
                     run.error.empty() ? "—" : run.error});
  }
  return lines;
}

std::vector<UsageLine> usageLines(const ReportData& data, ReportLanguage language) {
  const bool ja = language == ReportLanguage::ja;
  const auto t = [&](Text key) { return std::string(text(key, language)); };
  const auto& usage = data.usage;
  std::vector<UsageLine> lines{
      {t(Text::instanceHours), "", formatHours(usage.instanceHours, language)}};
  for (const auto& [mountpoint, gibHours] : usage.storageGibHours) {
    lines.push_back(
        {t(Text::storageGibHours), mountpoint, formatGib(gibHours) + " " + t(Text::unitGibHours)});
  }
  for (const auto& [device, bytes] : usage.egressBytes) {
    const std::string exact = formatNumber(bytes, 0) + " " + t(Text::unitBytes);
    lines.push_back(
        {t(Text::egress), device,
         formatGib(bytesToGib(bytes)) + " GiB" + (ja ? "（" + exact + "）" : " (" + exact + ")")});
  }
  return lines;
}

std::vector<std::pair<std::string, std::string>> rightsizingLines(const ReportData& data,
                                                                  ReportLanguage language) {
  const auto& r = data.rightsizing;
  if (!r.available) return {};
  const auto t = [&](Text key) { return std::string(text(key, language)); };
  return {
      {t(Text::cpuP95), formatPercent(r.cpuP95Ratio * 100.0)},
      {t(Text::memoryP95), formatGib(bytesToGib(r.memoryP95Bytes)) + " GiB"},
      {t(Text::vcpus), std::to_string(r.currentVcpus) + " → " + std::to_string(r.suggestedVcpus)},
      {t(Text::savingsPerHour), formatYen(r.savingsYenPerHour, language, 2)},
      {t(Text::savingsPerMonth), formatYen(r.savingsYenPerMonth, language)},
      {t(Text::coverage),
       formatNumber(r.coverageDays, 1) + (language == ReportLanguage::ja ? "日" : " days")},
  };
}

}  // namespace unyo::agent
