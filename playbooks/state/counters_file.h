#pragma once

// counters.json, the accumulated totals per playbook, as text:
//
//   {"version": 1, "playbooks": {"logrotate": {
//     "runs": {"schedule": {"success": 42, "failure": 1}},
//     "step_failures": {"purge": 1},
//     "labor_minutes": 630, "labor_yen": 42000,
//     "last_run_unix_seconds": 1795000000.5, "last_success_unix_seconds": 1795000000.5,
//     "duration_seconds": {"bounds": [1, 5, ...], "buckets": [0, 3, ...], "count": 43,
//                          "sum": 512.25},
//     "recent_starts_unix_seconds": [1794999000]}},
//    "applied_seq": 57}
//
// applied_seq is the highest run finish sequence number (runs.jsonl) the
// totals hold. A file without it was written by a version before sequence
// numbers: its totals already hold every run the history held then, so the
// first reconcile takes the history's highest number as its watermark.
// Parsing is strict: a file that does not read back exactly is an error,
// never an empty start, because these totals are the labor evidence.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.h"
#include "playbooks/state/run_counters.h"

namespace unyo::playbooks {

using TotalsByPlaybook = std::map<std::string, PlaybookTotals>;

inline constexpr int kCountersVersion = 1;

struct CountersDocument {
  TotalsByPlaybook playbooks;
  std::optional<std::uint64_t> appliedSeq;  // nullopt: written by an older version
};

Expected<CountersDocument> parseCounters(std::string_view text);
std::string countersText(const CountersDocument& counters);

}  // namespace unyo::playbooks
