#pragma once

// A store derived from the run history: the counters (counters.json) and
// the ledger behind `unyo report` each hold every finished run once.
//
// Every final record in runs.jsonl carries a finish sequence number, issued
// under the history's lock, so it only grows. A store remembers the highest
// number it holds (its watermark), written atomically with what it holds;
// RunHistory::reconcile hands it every finished run above the lowest
// watermark and the store adds those above its own. A crash between the
// history append and a store's update is repaired by the next reconcile
// (after every run and at every start), and nothing is added twice.

#include <cstdint>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "playbooks/run_record.h"

namespace unyo::playbooks {

struct FinishedRun {
  std::uint64_t seq = 0;
  RunRecord run;
};

struct FinishedRuns {
  std::vector<FinishedRun> runs;  // by seq, every one above the lowest watermark asked
  std::uint64_t lastSeq = 0;      // the highest number the history has issued
};

class FinishedRunStore {
 public:
  virtual ~FinishedRunStore() = default;

  virtual std::string_view storeName() const = 0;  // for logs: "counters", "ledger"

  // The highest seq the store holds; 0: none.
  virtual Expected<std::uint64_t> appliedSeq() = 0;

  // Adds every run of `finished` above the store's watermark, and raises
  // the watermark, in one atomic update under the store's own lock.
  // Returns how many runs it added.
  virtual Expected<std::size_t> apply(const FinishedRuns& finished) = 0;
};

}  // namespace unyo::playbooks
