#pragma once

// Keeps the daily ledger's runs (runs, successes, labor saved by playbook
// per day) in step with the run history: a store the engine reconciles
// after every run and at start-up, in the daemon and in `unyo playbook run`
// alike, so the report counts every run once, wherever it ran and however
// it ended (a stop, a crash found at the next start).

#include <optional>

#include "agent/cost/ledger.h"
#include "base/logger.h"
#include "base/time_zone.h"
#include "playbooks/state/finished_run_store.h"

namespace unyo::agent {

class LaborRecorder final : public playbooks::FinishedRunStore {
 public:
  LaborRecorder(Ledger& ledger, const Clock& clock) : ledger_(ledger), clock_(clock) {}

  // Days are counted in the playbooks' time zone.
  void setZone(unyo::TimeZone zone) { zone_ = std::move(zone); }

  std::string_view storeName() const override { return "ledger"; }
  Expected<std::uint64_t> appliedSeq() override { return ledger_.lastRunSeq(); }
  // Appends a line for each run above the ledger's highest seq that ran its
  // steps for real; the others have no line (and are offered again until a
  // later run's line raises the ledger's seq past them).
  Expected<std::size_t> apply(const playbooks::FinishedRuns& finished) override;

 private:
  Ledger& ledger_;
  const Clock& clock_;
  unyo::TimeZone zone_ = unyo::TimeZone::utc();
};

// The ledger line for a run, or nullopt for one that did not run its steps
// for real (dry runs, skipped, rate-limited, rejected).
std::optional<RunRecordLine> ledgerLineFor(const playbooks::RunRecord& run,
                                           const unyo::TimeZone& zone, Clock::WallTime now);

}  // namespace unyo::agent
