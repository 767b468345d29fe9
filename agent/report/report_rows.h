#pragma once

// The derived rows every renderer shows the same way: the cost table with its
// total and differences, the labor total, the assumptions behind the labor
// figures and the failed runs in words.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "agent/report/report_data.h"

namespace unyo::agent {

struct CostRow {
  std::string component;  // "compute", ..., "total"
  double actualYen = 0;
  std::optional<double> baselineYen;
  std::optional<double> differenceYen;      // actual - baseline, both in whole yen
  std::optional<double> differencePercent;  // of the baseline; none when the baseline is 0
};

// The components in the data's order, then "total". With a single monthly
// total baseline only the total row is compared. With baselines by component
// the total's baseline is their sum: a component the estimate leaves out was
// estimated at nothing.
std::vector<CostRow> costRows(const ReportData& data);

// Whether any estimate is there to compare against.
bool hasBaseline(const ReportData& data);

// The labor table's total row: every playbook's figures summed.
ReportData::PlaybookLabor laborTotal(const ReportData& data);

// Failed runs the ledger counted but kept no details of (it keeps those of
// the first 10 per playbook and day), by playbook in the labor table's order;
// playbooks with none left out.
struct UnlistedFailures {
  std::string playbook;
  int count = 0;
};
std::vector<UnlistedFailures> unlistedFailures(const ReportData& data);

// The assumptions as label/value pairs: the hourly rate with its source,
// whether runs started by a person count as saved by automation.
std::vector<std::pair<std::string, std::string>> assumptionLines(const ReportData& data,
                                                                 ReportLanguage language);

// One playbook's assumptions in words; "—" where it states none, "unknown"
// where the playbook was not read.
struct PlaybookAssumptionLine {
  std::string playbook;
  std::string description;
  std::string minutesPerRun;
  std::string credit;
  std::string basis;
};
std::vector<PlaybookAssumptionLine> playbookAssumptionLines(const ReportData& data,
                                                            ReportLanguage language);

// One failed run in words: the date and the result in the reader's language.
struct FailedRunLine {
  std::string date;
  std::string playbook;
  std::string runId;
  std::string result;
  std::string error;
};
std::vector<FailedRunLine> failedRunLines(const ReportData& data, ReportLanguage language);

// The usage table as the reader sees it: instance hours, storage per
// mountpoint, egress per device (GiB with the exact bytes).
struct UsageLine {
  std::string item;
  std::string target;  // mountpoint or device; empty for instance hours
  std::string quantity;
};
std::vector<UsageLine> usageLines(const ReportData& data, ReportLanguage language);

// The right-sizing table as label/value pairs; empty when not available.
std::vector<std::pair<std::string, std::string>> rightsizingLines(const ReportData& data,
                                                                  ReportLanguage language);

}  // namespace unyo::agent
