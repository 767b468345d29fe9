#pragma once

// counters.json in the state directory: totals per playbook (runs by
// trigger and result, labor, step failures, durations, recent starts),
// rewritten atomically (temp file, fsync, rename) under an flock. The totals
// are derived from the run history: the engine applies finished runs to
// them through RunHistory::reconcile (finished_run_store.h).
#include <cstdint>
#include <filesystem>
#include <iterator>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "base/error.h"
#include "base/unique_fd.h"
#include "playbooks/run_record.h"
#include "playbooks/state/finished_run_store.h"

namespace unyo::playbooks {

// Seconds buckets of unyo_playbook_run_duration_seconds.
inline constexpr double kRunDurationBuckets[] = {1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600};

struct PlaybookTotals {
  // (trigger, result) -> runs, e.g. ("schedule", "success") -> 42
  std::map<std::pair<std::string, std::string>, double> runs;
  std::map<std::string, double> stepFailures;  // step id -> real runs the step failed
  // step id -> dry runs in which the step would have failed: kept apart so
  // a rehearsal never looks like a failing playbook (docs/metrics.md).
  std::map<std::string, double> dryRunStepFailures;
  // Credited labor by the trigger of the run that earned it ("schedule",
  // "condition", "alert": automated; "manual": assisted). Totals from a
  // file older than the trigger split are kept under "unknown".
  struct Labor {
    double minutes = 0;
    double yen = 0;
  };
  std::map<std::string, Labor> labor;
  double lastRunUnixSeconds = 0;
  double lastSuccessUnixSeconds = 0;
  // Durations of runs that started and finished (success, failure, timeout,
  // dry_run): the count of runs
  // whose duration falls in each bucket (not cumulative; an overflow bucket
  // at the end for runs longer than the last bound).
  std::vector<std::uint64_t> durationBuckets =
      std::vector<std::uint64_t>(std::size(kRunDurationBuckets) + 1, 0);
  std::uint64_t durationCount = 0;
  double durationSum = 0;
  std::vector<double> recentStartsUnixSeconds;  // starts in the last hour, for max_runs_per_hour
};

class RunCounters final : public FinishedRunStore {
 public:
  explicit RunCounters(std::filesystem::path stateDir);

  std::string_view storeName() const override { return "counters"; }
  // applied_seq of counters.json (0 for a missing file, or one written by
  // an older version).
  Expected<std::uint64_t> appliedSeq() override;
  // Adds the runs above applied_seq and raises it, in one atomic rewrite.
  // A file written by an older version already holds every run: it only
  // takes `finished.lastSeq` as its applied_seq.
  Expected<std::size_t> apply(const FinishedRuns& finished) override;

  // Adds one finished run, outside of any sequence (tools and tests; the
  // engine goes through apply()): runs_total, labor (as the run carries it: the
  // engine credits only successful non-dry runs), step failures, last
  // run/success time, duration. Fails, changing nothing, when counters.json
  // is unreadable: the totals are the evidence of labor saved and are never
  // reset behind anyone's back.
  Expected<void> record(const RunRecord& run);

  // Rate limiting across processes: true (and the start is remembered) when
  // fewer than `maxPerHour` runs of `playbook` started in the hour before
  // `now`; false when the run must be refused. maxPerHour 0: no limit.
  Expected<bool> admitStart(const std::string& playbook, int maxPerHour, Clock::WallTime now);

  // Every playbook's totals. Re-reads the file only when it changed since
  // the last call (the daemon asks on every scrape). No file: no totals.
  Expected<std::map<std::string, PlaybookTotals>> load();

  // How many times load() actually read the file.
  std::uint64_t reads() const { return reads_; }

 private:
  std::filesystem::path file_;
  std::filesystem::path lockFile_;
  // Cache of load(): the file's identity when it was read.
  struct FileStamp {
    std::uint64_t inode = 0;
    std::int64_t mtimeNs = 0;
    std::int64_t size = -1;
    bool operator==(const FileStamp&) const = default;
  };
  FileStamp cachedStamp_;
  // Held open so its inode cannot be reused by a later counters.json,
  // which would make a changed file look unchanged.
  UniqueFd cachedFile_;
  std::map<std::string, PlaybookTotals> cached_;
  std::uint64_t cachedAppliedSeq_ = 0;
  std::uint64_t reads_ = 0;
};

}  // namespace unyo::playbooks
