#pragma once

// Writes every finished run to the daily ledger (runs, successes, labor
// saved by playbook per day), from the daemon and from `unyo playbook run`
// alike, so the report counts runs wherever they ran.

#include "agent/cost/ledger.h"
#include "collectors/logger.h"
#include "playbooks/run_listener.h"
#include "playbooks/schedule/time_zone.h"

namespace unyo::agent {

class LaborRecorder final : public playbooks::RunListener {
 public:
  LaborRecorder(Ledger& ledger, const Clock& clock, Logger& log)
      : ledger_(ledger), clock_(clock), log_(log) {}

  // Days are counted in the playbooks' time zone.
  void setZone(playbooks::TimeZone zone) { zone_ = std::move(zone); }

  void runFinished(const playbooks::RunRecord& run) override;

 private:
  Ledger& ledger_;
  const Clock& clock_;
  Logger& log_;
  playbooks::TimeZone zone_ = playbooks::TimeZone::utc();
};

// The ledger line for a run, or nullopt for one that did not run its steps
// for real (dry runs, skipped, rate-limited, rejected).
std::optional<RunRecordLine> ledgerLineFor(const playbooks::RunRecord& run,
                                           const playbooks::TimeZone& zone, Clock::WallTime now);

}  // namespace unyo::agent
