#pragma once

// Everything `unyo report` shows, gathered from the state directory (the
// ledger, the usage distribution) and the config; the renderers turn it
// into Markdown, CSV or a self-contained HTML page, in English or Japanese.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "agent/config/identity.h"

namespace unyo::agent {

enum class ReportLanguage { en, ja };
enum class ReportFormat { markdown, csv, html };

// A playbook's labor.credit: which successful runs earn labor. `success`:
// every one; `changed`: only those in which some step changed something.
enum class LaborCreditRule { success, changed };

struct ReportData {
  Identity identity;         // lg_code, system (id; the renderer names it in the language)
  std::string periodFrom;    // "2026-11-01" (inclusive)
  std::string periodTo;      // "2026-11-30" (inclusive)
  std::string generatedAt;   // "2026-12-01T09:00:00+09:00"
  int days = 0;              // days in the period

  // Labor by playbook (docs/playbooks.md, "Labor"). Automated: credited runs a
  // schedule, a condition or an alert started; assisted: credited runs a
  // person started (the CLI, the API). "Saved by automation" is automated,
  // plus assisted when labor.count_manual_runs says so.
  struct PlaybookLabor {
    std::string playbook;
    int runs = 0;        // finished real runs in the period: success, failure, timeout
    int successes = 0;   // of them, the successful ones
    int credited = 0;    // automated runs credited with labor
    double minutes = 0;  // automated
    double yen = 0;
    int assistedCredited = 0;
    double assistedMinutes = 0;
    double assistedYen = 0;

    int failed() const { return runs - successes; }
    double savedMinutes(bool countManualRuns) const {
      return minutes + (countManualRuns ? assistedMinutes : 0);
    }
    double savedYen(bool countManualRuns) const {
      return yen + (countManualRuns ? assistedYen : 0);
    }
  };
  std::vector<PlaybookLabor> labor;  // sorted by yen saved by automation, largest first

  // A run that failed or timed out. The ledger keeps the details of at most
  // 10 per playbook and day; PlaybookLabor::failed() counts them all.
  struct FailedRun {
    std::string date;  // "2026-11-17", the local day it finished
    std::string playbook;
    std::string runId;
    std::string result;  // "failure" or "timeout"
    std::string error;
  };
  std::vector<FailedRun> failedRuns;  // by date, then playbook

  // What the labor figures rest on, so a reader can check them.
  struct PlaybookAssumption {
    std::string playbook;
    bool known = false;  // false: in the ledger, but not among the playbooks read for the report
    std::string description;
    std::string descriptionJa;  // description_ja; the Japanese report shows it when given
    double manualMinutes = 0;  // labor.manual_minutes: operator time one credited run replaces
    LaborCreditRule credit = LaborCreditRule::success;
    std::string basis;  // labor.basis: why manual_minutes is what it is; may be empty
  };
  struct LaborAssumptions {
    double hourlyRateJpy = 0;
    std::string hourlyRateSource;               // empty: not stated
    bool countManualRuns = false;               // labor.count_manual_runs
    bool playbooksRead = true;                  // false: the playbook files could not be read
    std::vector<PlaybookAssumption> playbooks;  // by name
  };
  LaborAssumptions assumptions;

  // Components in this order: compute, storage, network, fixed.
  struct ComponentCost {
    std::string component;
    double actualYen = 0;
    std::optional<double> baselineYen;  // pro-rated to the period; none without a baseline
  };
  std::vector<ComponentCost> costs;
  std::optional<double> baselineTotalYen;  // whole baseline, pro-rated (the monthly amount or the sum of components)
  std::string baselineSource;              // "vendor estimate 2025-04"
  double fxUsdJpy = 0;                     // the accounting rate used, 0 when no USD price

  struct Usage {
    double instanceHours = 0;
    std::map<std::string, double> storageGibHours;  // mountpoint -> GiB-hours
    std::map<std::string, double> egressBytes;      // device -> bytes sent
  };
  Usage usage;

  struct DailyCost {
    std::string date;  // "2026-11-01"
    double actualYen = 0;
    std::optional<double> baselineYen;  // the day's share of the monthly baseline
  };
  std::vector<DailyCost> daily;  // every day of the period, in order

  struct WeeklyLabor {
    std::string weekStart;  // Monday, "2026-11-02"
    double minutes = 0;     // saved by automation, as PlaybookLabor::savedMinutes counts it
    double yen = 0;
  };
  std::vector<WeeklyLabor> weekly;  // every week touching the period, in order

  struct RightSizing {
    bool available = false;  // false: too little data yet (or no cost.compute)
    double cpuP95Ratio = 0;  // of all vCPUs, 0-1
    double memoryP95Bytes = 0;
    int currentVcpus = 0;
    int suggestedVcpus = 0;
    double savingsYenPerHour = 0;  // linear in vCPUs
    double savingsYenPerMonth = 0;
    double coverageDays = 0;  // how much of the 7-day window has samples
  };
  RightSizing rightsizing;
};

// The renderers (agent/report/*_report.cpp).
std::string renderMarkdownReport(const ReportData& data, ReportLanguage language);
std::string renderCsvReport(const ReportData& data, ReportLanguage language);
std::string renderHtmlReport(const ReportData& data, ReportLanguage language);

}  // namespace unyo::agent
