#pragma once

// The small HTML page at `/`: who this agent is, whether its collectors are
// healthy, how long it has been up, and links to everything else.

#include <optional>
#include <string>

#include "agent/config/identity.h"
#include "agent/daemon/self_metrics.h"
#include "agent/report/html_escape.h"
#include "collectors/snapshot.h"

namespace unyo::agent {

// What the status page says about cost, when the config has a cost model.
struct StatusPageCost {
  double yenPerHour = 0;             // all components now
  double projectedYenPerMonth = 0;   // that rate x 730 h
  std::optional<double> baselineYenPerMonth;
  std::string baselineSource;
  double accruedYen = 0;             // since the ledger began
  int suggestedVcpus = 0;            // 0: no suggestion yet
  int currentVcpus = 0;
};

struct StatusPageData {
  Identity identity;
  std::string version;
  std::string configFile;
  double startedAtUnixSeconds = 0;
  double nowUnixSeconds = 0;
  collectors::SnapshotPtr snapshot;  // may be null before the first sample
  ReloadStatus reload;
  std::optional<StatusPageCost> cost;
};

std::string renderStatusPage(const StatusPageData& data);


// 93784 s -> "1d 2h 3m"
std::string formatUptime(double seconds);

}  // namespace unyo::agent
