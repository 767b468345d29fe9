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

struct ReportData {
  Identity identity;         // lg_code, system (id; the renderer names it in the language)
  std::string periodFrom;    // "2026-11-01" (inclusive)
  std::string periodTo;      // "2026-11-30" (inclusive)
  std::string generatedAt;   // "2026-12-01T09:00:00+09:00"
  int days = 0;              // days in the period

  struct PlaybookLabor {
    std::string playbook;
    int runs = 0;       // finished runs of any result in the period
    int successes = 0;  // successful, non-dry runs (the ones credited)
    double minutes = 0;
    double yen = 0;
  };
  std::vector<PlaybookLabor> labor;  // sorted by yen, largest first

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
    double minutes = 0;
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
