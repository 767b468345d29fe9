#pragma once

// A realistic month for the renderer tests: Chiyoda-ku's resident registry in
// November 2026 (30 days, 1 Nov is a Sunday), three daily playbooks, a
// by-component vendor estimate, two mountpoints, eth0, and a right-sizing
// suggestion from 4 to 2 vCPUs.

#include <string>

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
  data.labor = {
      {"backup-verify", 30, 30, 450, 22500},
      {"log-purge", 30, 29, 290, 14500},
      {"cert-expiry-check", 30, 30, 150, 7500},
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

  data.weekly = {
      {"2026-10-26", 30, 1500},   {"2026-11-02", 210, 10500}, {"2026-11-09", 210, 10500},
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
