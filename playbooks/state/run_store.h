#pragma once

// The playbook part of the state directory, shared by the daemon and by
// CLI runs (`unyo playbook run` works with or without a daemon):
//
//   runs.jsonl          run records, one JSON object a line, appended; the
//                       last line for an id wins; compacted to max_runs
//   counters.json       totals per playbook (runs by trigger and result,
//                       labor, step failures, durations, recent starts),
//                       rewritten atomically (temp file, fsync, rename)
//   locks/NAME.lock     flock held while a run of NAME executes
//   approvals/ID.json   decisions on pending runs (approve/reject, by whom)
//
// Every read-modify-write takes an flock on a lock file next to the data,
// so two processes never lose each other's updates.

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "collectors/clock.h"
#include "collectors/error.h"
#include "playbooks/run_record.h"
#include "playbooks/state/file_lock.h"

namespace unyo::playbooks {

class RunHistory {
 public:
  // maxRuns 0 keeps every run (never compacts).
  RunHistory(std::filesystem::path stateDir, std::size_t maxRuns);

  // Appends the run's current state as one line. When the file holds well
  // over max_runs records it is compacted (atomically) to the latest state
  // of the newest max_runs runs (newest by first appearance, i.e. creation).
  Expected<void> append(const RunRecord& run);

  // Newest first (by created_at, then id), the latest state of each run;
  // `playbook` filters; limit 0: all.
  Expected<std::vector<RunRecord>> list(const std::optional<std::string>& playbook,
                                        std::size_t limit) const;
  Expected<std::optional<RunRecord>> find(const std::string& id) const;

  // Runs recorded as pending, queued or running by a process that no longer
  // exists were cut short (a crash, a kill -9): records them as failures
  // ("interrupted: the agent stopped during the run"). Returns how many.
  // Call it before this process starts runs: records carrying this
  // process's own pid count as left behind by an earlier process.
  Expected<int> recoverInterrupted(Clock::WallTime now);

  const std::filesystem::path& file() const { return file_; }

  // Lines the last list() or recoverInterrupted() skipped as malformed (a
  // line torn by a crash, a hand edit): worth a warning, never an error.
  std::size_t skippedLines() const { return skippedLines_; }

 private:
  // Both expect lockFile_ to be held.
  Expected<void> appendLocked(std::string line);
  Expected<void> compactIfLarge();

  std::filesystem::path file_;
  std::filesystem::path lockFile_;
  std::size_t maxRuns_;
  // Lines runs.jsonl held when this object last wrote it, so an append
  // counts only the lines added since rather than the whole file.
  struct LineCount {
    std::uint64_t inode = 0;
    std::int64_t size = 0;
    std::size_t lines = 0;
  };
  LineCount counted_;
  mutable std::size_t skippedLines_ = 0;
};

// Seconds buckets of unyo_playbook_run_duration_seconds.
inline constexpr double kRunDurationBuckets[] = {1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600};

struct PlaybookTotals {
  // (trigger, result) -> runs, e.g. ("schedule", "success") -> 42
  std::map<std::pair<std::string, std::string>, double> runs;
  std::map<std::string, double> stepFailures;  // step id -> failed attempts that failed the step
  double laborMinutes = 0;
  double laborYen = 0;
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

class RunCounters {
 public:
  explicit RunCounters(std::filesystem::path stateDir);

  // Adds a finished run: runs_total, labor (as the run carries it: the
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
  std::uint64_t reads_ = 0;
};

// Held while a run of one playbook executes (policy.concurrency), across
// processes. Released when destroyed.
class PlaybookLock {
 public:
  // nullopt when another run (in this or another process) holds it.
  static Expected<std::optional<PlaybookLock>> tryAcquire(const std::filesystem::path& stateDir,
                                                          const std::string& playbook);
  PlaybookLock(PlaybookLock&& other) noexcept;
  PlaybookLock& operator=(PlaybookLock&& other) noexcept;
  PlaybookLock(const PlaybookLock&) = delete;
  PlaybookLock& operator=(const PlaybookLock&) = delete;
  ~PlaybookLock();

 private:
  explicit PlaybookLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

struct ApprovalDecision {
  bool approved = false;
  std::string by;  // "api:ops", "cli:root"
  Clock::WallTime at{};
};

// Decisions on pending runs, as files, so whichever process holds the
// pending run (daemon or CLI) sees a decision made through the other.
class ApprovalBox {
 public:
  explicit ApprovalBox(std::filesystem::path stateDir);
  // Fails if a decision for `runId` already exists.
  Expected<void> decide(const std::string& runId, const ApprovalDecision& decision);
  Expected<std::optional<ApprovalDecision>> decision(const std::string& runId) const;
  void forget(const std::string& runId);

 private:
  std::filesystem::path dir_;
};

}  // namespace unyo::playbooks
