#pragma once

// The daily ledger in the state directory (`<state.dir>/ledger/`): what
// each day cost, what was used, which playbooks ran and what labor they
// saved. It is the evidence behind `unyo report` and the source the
// counters are restored from after a restart.
//
// Files, every line framed by checksummed_line.h:
//   YYYY-MM-DD.jsonl  records appended on that (local) day: cost flushes
//                     and finished runs, each record carrying its own day
//   days.jsonl        one summary line per compacted day file
// A day file is compacted two days after its date (no writer still uses
// it then): its summary is appended to days.jsonl and flushed first, the
// file removed after. A crash in between leaves a file whose summary
// exists; loading skips it and the next compaction removes it, so nothing
// is counted twice. A torn or garbled line (a crash mid-append) is skipped
// and counted in `skippedLines`. Writers from several processes (the
// daemon, `unyo playbook run`) serialize on a lock file.
//
// Run lines carry the run's finish sequence number from the run history
// (and summaries the highest one of their file): the highest number in the
// ledger says which runs it holds, so runs are appended by appendRuns,
// which skips those already held (see LaborRecorder).

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/cost/ledger_entries.h"
#include "base/atomic_file.h"
#include "base/error.h"

namespace unyo::agent {

struct LedgerContents {
  std::map<std::string, DayTotals> days;  // "YYYY-MM-DD" -> totals, in date order
  std::optional<double> lastAccrualUnix;  // where cost accrual stopped
  std::optional<NetworkCursor> cursor;    // egress counters at that point
  int skippedLines = 0;                   // torn or garbled lines ignored

  // Everything, summed over all days.
  DayTotals total() const;
};

class Ledger {
 public:
  explicit Ledger(std::filesystem::path dir) : dir_(std::move(dir)) {}

  const std::filesystem::path& dir() const { return dir_; }

  // Appends to the day file of `writerDate` (the writer's local date now).
  // Run records are flushed to disk; cost records are not (see ledger.cpp).
  Expected<void> append(const CostRecord& record, std::string_view writerDate);
  Expected<void> append(const RunRecordLine& record, std::string_view writerDate);
  // Appends, in one flushed write, the lines whose seq is above the highest
  // the ledger holds (checked under the lock). Returns how many.
  Expected<std::size_t> appendRuns(const std::vector<RunRecordLine>& records,
                                   std::string_view writerDate);

  // The highest run seq the ledger holds; 0: none.
  Expected<std::uint64_t> lastRunSeq() const;

  // Everything the ledger holds; a missing ledger is an empty one.
  Expected<LedgerContents> load() const;

  // Summarizes the day files dated two or more days before `today`.
  Expected<void> compact(std::string_view today);

 private:
  Expected<LedgerContents> loadOnce(bool& raced) const;
  Expected<std::uint64_t> lastRunSeqLocked() const;
  Expected<void> appendLine(const std::filesystem::path& file, const std::string& line,
                            unyo::Durability durability) const;

  std::filesystem::path dir_;
};

// The ledger folder inside a state directory.
std::filesystem::path ledgerDir(const std::filesystem::path& stateDir);

}  // namespace unyo::agent
