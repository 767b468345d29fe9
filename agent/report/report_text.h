#pragma once

// The words and numbers of the monthly report in English and Japanese: one
// table of labels (report_text.cpp) and the formatting every renderer shares,
// so Markdown, CSV and HTML say the same thing the same way.

#include <string>
#include <string_view>

#include "agent/report/html_escape.h"
#include "agent/report/report_data.h"

namespace unyo::agent {

// Every label the renderers show; report_text.cpp pairs each with its English
// and Japanese text.
enum class Text {
  title,
  lgCode,
  system,
  environment,
  period,
  generatedAt,
  laborHeading,
  playbook,
  runs,
  failed,
  automatedMinutes,
  automatedYen,
  assistedMinutes,
  assistedYen,
  yenSaved,
  total,
  laborEmpty,
  laborColumnsNote,
  assumptionsHeading,
  assumptionsIntro,
  hourlyRate,
  sourceNotStated,
  countManualRuns,
  countedYes,
  countedNo,
  description,
  minutesPerRun,
  creditRule,
  basis,
  creditSuccess,
  creditChanged,
  unknown,
  notCurrentPlaybook,
  playbooksUnreadable,
  noPlaybooks,
  failedRunsHeading,
  noFailedRuns,
  date,
  runId,
  result,
  error,
  resultFailure,
  resultTimeout,
  costHeading,
  component,
  actual,
  baseline,
  difference,
  differencePercent,
  compute,
  storage,
  network,
  fixed,
  costEmpty,
  baselineSource,
  baselineTotalOnly,
  noBaseline,
  fxNone,
  usageHeading,
  item,
  value,
  target,
  quantity,
  instanceHours,
  storageGibHours,
  egress,
  unitHours,
  unitGibHours,
  unitBytes,
  rightsizingHeading,
  cpuP95,
  memoryP95,
  vcpus,
  savingsPerHour,
  savingsPerMonth,
  coverage,
  rightsizingUnavailable,
  rightsizingNoChange,
  dailyChart,
  weeklyChart,
  chartBaseline,
  production,
  staging,
  development,
  count_,  // not a label: the number of labels
};

std::string_view text(Text key, ReportLanguage language);

// Names in the reader's language; an unknown id is shown as it is.
std::string systemDisplayName(std::string_view systemId, ReportLanguage language);
std::string environmentDisplayName(std::string_view environment, ReportLanguage language);
std::string componentDisplayName(std::string_view component, ReportLanguage language);

// Numbers. Every function is locale-independent ('.' decimal point, ','
// thousands separator) and never prints a negative zero.
std::string formatNumber(double value, int decimals);  // "1,234.5"
std::string formatRaw(double value, int maxDecimals);  // "1234.5": CSV, no trailing zeros
std::string formatYen(double yen, ReportLanguage language, int decimals = 0);  // ¥1,234 / 1,234円
std::string formatSignedYen(double yen, ReportLanguage language);  // +¥1,234 / -1,234円
std::string formatPercent(double percent);                         // "12.3%"
std::string formatSignedPercent(double percent);                   // "+12.3%", "-4.0%"
std::string formatMinutes(double minutes);  // whole minutes, or one decimal when fractional
std::string formatHours(double hours, ReportLanguage language);  // "720.0 h" / "720.0 時間"
std::string formatGib(double gib);  // fewer decimals as the number grows: 0.123, 12.35, 1,234.5
double bytesToGib(double bytes);
std::string formatFxRate(double usdJpy, ReportLanguage language);  // "¥139 per USD"

// "2026-11-01" (en) or "2026年11月1日" (ja); text that is not a date stays as it is.
std::string formatDate(std::string_view isoDate, ReportLanguage language);
// "2026-12-01T09:00:00+09:00" -> "2026-12-01 09:00 +09:00" / "2026年12月1日 09:00".
std::string formatTimestamp(std::string_view isoTimestamp, ReportLanguage language);
// "2026-11-01 – 2026-11-30 (30 days)" / "2026年11月1日～2026年11月30日（30日間）".
std::string formatPeriod(const ReportData& data, ReportLanguage language);

// Sentences with numbers in them. The labor ones are in labor_text.cpp.
// What automation saved (`total` summed over the labor table) and, apart,
// what runs started by a person saved and whether that is counted in it.
std::string laborSummary(const ReportData::PlaybookLabor& total, bool countManualRuns,
                         ReportLanguage language);
// "¥5,000 (source: …)" / "5,000円（出典：…）", or that the source is not stated.
std::string hourlyRateText(const ReportData::LaborAssumptions& assumptions,
                           ReportLanguage language);
// "no (labor.count_manual_runs: false)" / "含めない（labor.count_manual_runs: false）".
std::string countManualRunsText(bool countManualRuns, ReportLanguage language);
// That `count` more failed runs of `playbook` are counted but not listed, and why.
std::string unlistedFailuresSentence(const std::string& playbook, int count,
                                     ReportLanguage language);
std::string baselineSourceSentence(const ReportData& data, ReportLanguage language);
std::string fxSentence(double usdJpy, ReportLanguage language);
std::string weekTitle(const ReportData::WeeklyLabor& week, ReportLanguage language);

// One CSV field (RFC 4180): quoted when it holds a comma, quote or line break,
// with quotes doubled.
std::string csvField(std::string_view text);

}  // namespace unyo::agent
