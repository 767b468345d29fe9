#pragma once

// The derived rows every renderer shows the same way: the cost table with its
// total and differences, the labor total.

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

struct LaborTotal {
  int runs = 0;
  int successes = 0;
  double minutes = 0;
  double yen = 0;
};
LaborTotal laborTotal(const ReportData& data);

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
