#pragma once

// runs.jsonl in the state directory: run records, one JSON object a line,
// appended under an flock so the daemon and CLI runs never lose each
// other's lines; the last line for an id wins; compacted to max_runs. The
// history is the source of truth for runs: the counters and the ledger are
// derived from the finished records it holds (docs/architecture.md).
//
// Every final record gets the next finish sequence number ("seq"), issued
// under the flock: the highest number in the file or in runs.seq (where
// compaction keeps it), plus one.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "base/error.h"
#include "playbooks/run_record.h"
#include "playbooks/state/finished_run_store.h"

namespace unyo::playbooks {

class RunHistory {
 public:
  // maxRuns 0 keeps every run (never compacts).
  RunHistory(std::filesystem::path stateDir, std::size_t maxRuns);

  // Appends the run's current state as one line; a finished run's line gets
  // the next finish sequence number. When the file holds well
  // over max_runs records it is compacted (atomically) to the latest state
  // of the newest max_runs runs (newest by first appearance, i.e. creation).
  Expected<void> append(const RunRecord& run);

  // Newest first (by created_at, then id), the latest state of each run;
  // `playbook` filters; limit 0: all. maxBytes > 0 reads only that much of
  // the end of the file (the newest records), so a request's cost is bounded.
  Expected<std::vector<RunRecord>> list(const std::optional<std::string>& playbook,
                                        std::size_t limit, std::size_t maxBytes = 0) const;
  Expected<std::optional<RunRecord>> find(const std::string& id) const;

  // Runs recorded as pending, queued or running by a process that no longer
  // exists were cut short (a crash, a kill -9): records them as failures
  // ("interrupted: the agent stopped during the run"). Returns how many.
  // Call it before this process starts runs: records carrying this
  // process's own pid count as left behind by an earlier process.
  Expected<int> recoverInterrupted(Clock::WallTime now);

  // Brings every store up to date with the history, under the history's
  // lock so no seq is issued meanwhile: reads the finished runs above the
  // lowest watermark and lets each store apply them. A store that fails
  // does not hold back the others. When a store holds a seq the history
  // never issued (runs.jsonl was deleted or replaced), later numbers start
  // above it, so no new run is mistaken for one the store holds.
  struct Reconciled {
    std::vector<std::pair<std::string, Expected<std::size_t>>> stores;  // name -> runs added
    bool historyBehind = false;  // a store was ahead of the history
  };
  Expected<Reconciled> reconcile(std::span<FinishedRunStore* const> stores);

  const std::filesystem::path& file() const { return file_; }

  // Lines the last list() or recoverInterrupted() skipped as malformed (a
  // line torn by a crash, a hand edit): worth a warning, never an error.
  std::size_t skippedLines() const { return skippedLines_; }

 private:
  // All expect lockFile_ to be held.
  Expected<void> appendLocked(const RunRecord& run);
  Expected<void> catchUp(int fd, std::int64_t inode, std::int64_t size);
  Expected<void> raiseSeqFloor(std::uint64_t seq);
  Expected<std::vector<FinishedRun>> finishedAfter(std::uint64_t seq) const;
  Expected<void> compactIfLarge();

  std::filesystem::path file_;
  std::filesystem::path lockFile_;
  std::filesystem::path seqFile_;  // runs.seq: the highest seq issued, kept by compaction
  std::size_t maxRuns_;
  // What runs.jsonl held when this object last looked at it, so an append
  // reads only the lines added since rather than the whole file.
  struct Scanned {
    std::uint64_t inode = 0;
    std::int64_t size = 0;
    std::size_t lines = 0;
    std::uint64_t maxSeq = 0;  // the highest seq issued (file and runs.seq)
  };
  Scanned counted_;
  mutable std::size_t skippedLines_ = 0;
};

}  // namespace unyo::playbooks
