#pragma once

// The small HTML page at `/`: who this agent is, whether its collectors are
// healthy, how long it has been up, and links to everything else.

#include <string>

#include "agent/identity.h"
#include "agent/self_metrics.h"
#include "collectors/snapshot.h"

namespace unyo::agent {

struct StatusPageData {
  Identity identity;
  std::string version;
  std::string configFile;
  double startedAtUnixSeconds = 0;
  double nowUnixSeconds = 0;
  collectors::SnapshotPtr snapshot;  // may be null before the first sample
  ReloadStatus reload;
};

std::string renderStatusPage(const StatusPageData& data);

// "&<>\"'" made safe for HTML text and attribute values.
std::string htmlEscape(std::string_view text);

// 93784 s -> "1d 2h 3m"
std::string formatUptime(double seconds);

}  // namespace unyo::agent
