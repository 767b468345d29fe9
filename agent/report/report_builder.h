#pragma once

// Gathers a report's numbers for a period from the ledger, the usage
// distribution and the config: labor by playbook (automated and assisted
// apart, the failed runs) with the assumptions behind it, cost by component
// against the baseline pro-rated day by day (a day is 1/28 to 1/31 of its
// month's baseline), usage for checking the bill, and the right-sizing
// suggestion. Pure: the caller reads the files.

#include <optional>
#include <vector>

#include "agent/config/config.h"
#include "agent/cost/cost_options.h"
#include "agent/cost/ledger.h"
#include "agent/cost/usage_distribution.h"
#include "agent/report/report_data.h"
#include "base/civil_time.h"
#include "base/time_zone.h"

namespace unyo::agent {

struct ReportInputs {
  Identity identity;
  CostOptions cost;
  LaborOptions labor;
  // The configured playbooks' labor assumptions, as the caller read them;
  // nullopt when they could not be read. A playbook in the period's ledger
  // but not here is listed as unknown.
  std::optional<std::vector<ReportData::PlaybookAssumption>> playbooks;
  unyo::TimeZone zone = unyo::TimeZone::utc();
  unyo::CivilDate from;  // inclusive
  unyo::CivilDate to;    // inclusive
  Clock::WallTime now;
  const LedgerContents* ledger = nullptr;
  const UsageDistribution* distribution = nullptr;  // none: no right-sizing section data
  int vcpus = 0;                                    // the instance's vCPUs
  Clock::Duration sampleInterval = std::chrono::seconds(15);
};

ReportData buildReport(const ReportInputs& inputs);

// "2026-12-01T09:00:00+09:00": local time in `zone` with its offset from UTC.
std::string isoTimestamp(const unyo::TimeZone& zone, Clock::WallTime at);

// The baseline's share of one day: a month's amount / the month's days.
double dailyBaseline(double monthlyYen, const unyo::CivilDate& day);

}  // namespace unyo::agent
