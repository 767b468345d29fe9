#pragma once

// What the playbooks part takes from the config file's `playbooks:` section.

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "playbooks/value.h"

namespace unyo::playbooks {

struct MonthDay {
  int month = 1;
  int day = 1;
  bool operator==(const MonthDay&) const = default;
};

// The municipal year-end closure (年末年始), not a business day; each
// municipality sets its own, most use 12/29-1/3.
struct YearEndClosure {
  bool enabled = true;
  MonthDay from{12, 29};
  MonthDay to{1, 3};
};

// Where actions that act on files (file.cleanup, backup.verify) may act
// when the config does not say (playbooks.allowed_paths).
inline std::vector<std::filesystem::path> defaultAllowedPaths() {
  return {"/var/log", "/var/tmp", "/var/backups", "/srv", "/opt"};
}

struct Options {
  std::vector<std::filesystem::path> paths = {"/etc/unyo/playbooks"};
  // playbooks.allowed_paths: absolute folders; no playbook can widen them.
  std::vector<std::filesystem::path> allowedPaths = defaultAllowedPaths();
  std::string timezone = "Asia/Tokyo";
  std::filesystem::path holidaysFile;  // empty: weekends and the year-end closure only
  YearEndClosure yearEndClosure;
  int maxConcurrentRuns = 2;
  int maxPendingRuns = 100;  // pending + queued + running; more are refused as busy
  std::chrono::milliseconds approvalTtl{std::chrono::hours(1)};  // pending runs expire as rejected
  // playbooks.vars: {{ vars.NAME }} in every playbook, unless the playbook's
  // own `vars:` sets NAME (docs/playbooks.md, "Vars"). Plain data.
  Value vars = Value::map();
};

}  // namespace unyo::playbooks
