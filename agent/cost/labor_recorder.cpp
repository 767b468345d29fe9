#include "agent/cost/labor_recorder.h"

#include "agent/cost/cost_accrual.h"

namespace unyo::agent {

std::optional<RunRecordLine> ledgerLineFor(const playbooks::RunRecord& run,
                                           const playbooks::TimeZone& zone, Clock::WallTime now) {
  using playbooks::RunStatus;
  if (run.dryRun) return std::nullopt;
  if (run.status != RunStatus::success && run.status != RunStatus::failure &&
      run.status != RunStatus::timeout) {
    return std::nullopt;
  }
  RunRecordLine line;
  line.day = localDate(zone, run.finishedAt.value_or(now));
  line.playbook = run.playbook;
  line.runId = run.id;
  line.result = std::string(playbooks::runStatusName(run.status));
  line.credited = run.status == RunStatus::success;
  line.minutes = run.laborMinutes;
  line.yen = run.laborYen;
  return line;
}

void LaborRecorder::runFinished(const playbooks::RunRecord& run) {
  const auto now = clock_.now();
  const auto line = ledgerLineFor(run, zone_, now);
  if (!line) return;
  if (auto appended = ledger_.append(*line, localDate(zone_, now)); !appended) {
    log_.error("cannot record the run in the ledger",
               {{"run", run.id}, {"error", appended.error().message}});
  }
}

}  // namespace unyo::agent
