#pragma once

// A realistic month for the renderer tests: Chiyoda-ku's resident registry in
// November 2026 (30 days, 1 Nov is a Sunday): three daily playbooks (one
// also started twice by hand, one failing once), a cleanup credited only
// when it changes something that never did, a playbook since removed; a
// by-component vendor estimate, two mountpoints, eth0, and a right-sizing
// suggestion from 4 to 2 vCPUs.

#include <string>
#include <utility>

#include "agent/report/report_data.h"

namespace unyo::agent::testing {

inline std::string novemberDate(int day) {
  return std::string("2026-11-") + (day < 10 ? "0" : "") + std::to_string(day);
}

inline ReportData novemberReport() {
  ReportData data;
  data.identity.lgCode = "131016";
  data.identity.system = "resident_registry";
  data.identity.environment = "production";
  data.identity.vendor = "example-vendor";
  data.identity.csp = "aws";
  data.periodFrom = "2026-11-01";
  data.periodTo = "2026-11-30";
  data.generatedAt = "2026-12-01T09:00:00+09:00";
  data.days = 30;

  // ¥3,000 an hour of operator time: ¥50 a minute.
  auto labor = [](std::string playbook, int runs, int successes, int credited, double minutes) {
    ReportData::PlaybookLabor row;
    row.playbook = std::move(playbook);
    row.runs = runs;
    row.successes = successes;
    row.credited = credited;
    row.minutes = minutes;
    row.yen = minutes * 50;
    return row;
  };
  data.labor = {
      labor("backup-verify", 32, 32, 30, 450),
      labor("log-purge", 30, 29, 29, 290),
      labor("cert-expiry-check", 30, 30, 30, 150),
      labor("report-export", 2, 2, 2, 40),
      labor("tmp-cleanup", 4, 4, 0, 0),
  };
  // backup-verify was also started twice with `unyo playbook run`.
  data.labor[0].assistedCredited = 2;
  data.labor[0].assistedMinutes = 30;
  data.labor[0].assistedYen = 1500;
  data.failedRuns = {{"2026-11-17", "log-purge", "20261117T030000-log-purge-7f3a", "failure",
                      "step purge: exit status 1: rm: cannot remove '/var/log/app/old.log': "
                      "Permission denied"}};

  data.assumptions.hourlyRateJpy = 3000;
  data.assumptions.hourlyRateSource = "2026年度 運用保守委託 単価表";
  data.assumptions.countManualRuns = false;
  auto assumption = [](std::string playbook, std::string description, double minutes,
                       LaborCreditRule credit, std::string basis) {
    ReportData::PlaybookAssumption out;
    out.playbook = std::move(playbook);
    out.known = true;
    out.description = std::move(description);
    out.manualMinutes = minutes;
    out.credit = credit;
    out.basis = std::move(basis);
    return out;
  };
  auto withJapanese = [](ReportData::PlaybookAssumption a, std::string japanese) {
    a.descriptionJa = std::move(japanese);
    return a;
  };
  // report-export ran early in the month and has since been removed.
  ReportData::PlaybookAssumption removed;
  removed.playbook = "report-export";
  data.assumptions.playbooks = {
      assumption("backup-verify", "前夜のバックアップを検証用DBに復元して確認する", 15,
                 LaborCreditRule::success,
                 "保守手順書4.2：手作業での復元確認に15分（2025年10月実測）"),
      assumption("cert-expiry-check", "Checks the expiry of the public certificates", 5,
                 LaborCreditRule::success, ""),
      withJapanese(assumption("log-purge", "Deletes application logs older than 90 days", 10,
                              LaborCreditRule::changed, "Operations manual 3.1: 10 min a day"),
                   "保存期間90日を過ぎたアプリケーションログを削除する"),
      removed,
      assumption("tmp-cleanup", "Empties the upload staging folder", 3, LaborCreditRule::changed,
                 "Estimate by the operations team"),
  };

  data.costs = {
      {"compute", 98765.4, 90000.0},
      {"storage", 12345.6, 15000.0},
      {"network", 4321.0, 3000.0},
      {"fixed", 20000.0, 20000.0},
  };
  data.baselineSource = "vendor estimate 2025-04";
  data.fxUsdJpy = 150;

  data.usage.instanceHours = 720;
  data.usage.storageGibHours = {{"/", 50.0 * 720}, {"/data", 200.0 * 720}};
  data.usage.egressBytes = {{"eth0", 12.5 * 1024 * 1024 * 1024}};

  // 21 weekdays at ¥4,814.4 and 9 weekend days at ¥3,814.4 make the ¥135,432 above;
  // the estimate of ¥128,000 is ¥4,266.67 a day.
  for (int day = 1; day <= 30; ++day) {
    const bool weekend = day % 7 == 1 || day % 7 == 0;  // Sundays 1, 8, ...; Saturdays 7, 14, ...
    data.daily.push_back({novemberDate(day), weekend ? 3814.4 : 4814.4, 128000.0 / 30});
  }

  // Saved by automation (automated only: count_manual_runs is false), 930 minutes in all.
  data.weekly = {
      {"2026-10-26", 30, 1500},   {"2026-11-02", 250, 12500}, {"2026-11-09", 210, 10500},
      {"2026-11-16", 200, 10000}, {"2026-11-23", 210, 10500}, {"2026-11-30", 30, 1500},
  };

  data.rightsizing.available = true;
  data.rightsizing.cpuP95Ratio = 0.183;
  data.rightsizing.memoryP95Bytes = 5.4 * 1024 * 1024 * 1024;
  data.rightsizing.currentVcpus = 4;
  data.rightsizing.suggestedVcpus = 2;
  data.rightsizing.savingsYenPerHour = 68.59;
  data.rightsizing.savingsYenPerMonth = 68.59 * 730;
  data.rightsizing.coverageDays = 7;
  return data;
}

}  // namespace unyo::agent::testing
