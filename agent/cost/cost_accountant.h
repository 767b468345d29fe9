#pragma once

// Turns every sample into yen: integrates the cost model over sampler
// time, keeps the running totals (restored from the ledger at start),
// appends what accrued to the ledger every `cost.flush_interval`, and
// feeds the 7-day distribution for right-sizing. Lives on the event loop.
//
// The first sample after a start closes the gap since the ledger's last
// accrual: storage and fixed fees accrue for all of it, compute only from
// the host's boot time on (a VM stopped overnight cost no compute), so a
// crash or a stop loses nothing and counts nothing twice.
//
// It also keeps the cost of the current local month (restored from the
// ledger's days of that month, so a restart keeps it; started again at the
// next month's first accrual), the number `unyo report` shows for the month.

#include <filesystem>
#include <optional>

#include "agent/cost/cost_accrual.h"
#include "agent/cost/cost_options.h"
#include "agent/cost/ledger.h"
#include "agent/cost/local_month.h"
#include "agent/cost/rightsizing.h"
#include "agent/cost/usage_distribution.h"
#include "base/logger.h"
#include "base/metric_family.h"
#include "base/time_zone.h"
#include "collectors/snapshot.h"

namespace unyo::agent {

// Cost per hour by component, as of the latest sample.
struct CostRates {
  double compute = 0;
  double storage = 0;
  double network = 0;  // over the latest interval
  double fixed = 0;
};

class CostAccountant {
 public:
  CostAccountant(Ledger& ledger, std::filesystem::path distributionFile, Logger& log);

  // At start and on reload: new prices apply from the next sample on.
  void configure(const CostOptions& options, unyo::TimeZone zone);

  // Loads the totals, the accrual point and the distribution. An
  // unreadable ledger is an error: these totals are evidence, and starting
  // from zero would understate them.
  Expected<void> restore(Clock::WallTime now);

  void onSnapshot(const collectors::Snapshot& snapshot);

  // Appends what accrued since the last flush and saves the distribution
  // (on shutdown; onSnapshot does it every flush interval).
  void flush();

  // unyo_cost_*, unyo_usage_*, unyo_fx_usd_jpy and unyo_rightsizing_*.
  void appendMetrics(Families& out) const;

  // The suggestion from the 7-day distribution; nullopt until there are
  // enough samples or without a vCPU count.
  std::optional<RightsizingAdvice> rightsizing() const;

  const DayTotals& totals() const { return totals_; }
  const CostRates& rates() const { return rates_; }
  // Cost by component in the current local month; empty before restore().
  const std::map<std::string, double>& monthCostYen() const { return monthCostYen_; }
  // The month so far plus the current rate over the hours left in it.
  std::map<std::string, double> monthProjectedYen() const;
  const UsageDistribution& distribution() const { return distribution_; }

 private:
  void accrue(const HostReading& reading);
  void updateRates(const std::map<std::string, double>& storageBytes, double networkYen,
                   double intervalHours);
  void addToMonth(Clock::WallTime at, const std::map<std::string, DayTotals>& accrued);
  void appendPending();
  void saveDistribution();
  void appendCostMetrics(Families& out) const;
  void appendMonthMetrics(Families& out) const;
  void appendRightsizingMetrics(Families& out) const;

  Ledger& ledger_;
  std::filesystem::path distributionFile_;
  Logger& log_;
  CostOptions options_;
  CostPrices prices_;
  LocalDays calendar_{unyo::TimeZone::utc()};

  DayTotals totals_;                       // everything ever accrued (cost and usage)
  std::optional<double> lastAccrualUnix_;  // where accrual stands
  std::optional<NetworkCursor> cursor_;    // egress counters at that point, from the ledger
  std::optional<HostReading> previous_;    // the last sample of this process
  CostRecord pending_;                     // accrued, not yet in the ledger
  std::optional<Clock::SteadyTime> lastFlush_;
  std::string compactedOn_;  // the local date the ledger was last compacted
  CostRates rates_;
  std::optional<double> cpuUtilization_;
  int vcpus_ = 0;
  bool clockWarned_ = false;

  UsageDistribution distribution_;
  std::optional<Clock::SteadyTime> lastDistributionSave_;
  Clock::WallTime latestSampleAt_{};

  std::optional<LocalMonth> month_;             // the month the latest accrual fell in
  std::map<std::string, double> monthCostYen_;  // component -> yen in month_
  Clock::WallTime monthAsOf_{};                 // when monthCostYen_ was last brought up to date
};

}  // namespace unyo::agent
