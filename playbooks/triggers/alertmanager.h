#pragma once

// Alertmanager's webhook payload (version 4), as POSTed to /api/v1/alerts:
//
//   {"version": "4", "status": "firing", "receiver": "unyo",
//    "groupLabels": {...}, "commonLabels": {...}, "externalURL": "...",
//    "alerts": [{"status": "firing", "labels": {"alertname": "DiskAlmostFull", ...},
//                "annotations": {...}, "startsAt": "...", "endsAt": "...",
//                "fingerprint": "..."}]}

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace unyo::playbooks {

struct Alert {
  bool firing = false;  // "firing"; "resolved" alerts are ignored by the triggers
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;
  std::string startsAt;
  std::string fingerprint;  // Alertmanager's; derived from the labels when absent

  // Runs once per alert instance: Alertmanager re-sends firing alerts
  // (repeat_interval, new members of a group).
  std::string identity() const { return fingerprint + "@" + startsAt; }
};

// More alerts than this in one payload and it is refused as a whole (a
// webhook_config's max_alerts keeps Alertmanager under it).
inline constexpr std::size_t kMaxAlertsPerPayload = 1000;

// Errors say what is wrong with the payload ("alerts must be a list",
// "unsupported version \"3\""), or that it is too deep, too large (see
// base/json_limits.h) or holds too many alerts.
Expected<std::vector<Alert>> parseAlertmanagerPayload(std::string_view body);

}  // namespace unyo::playbooks
