#include "agent/cost/labor_recorder.h"

#include "agent/cost/cost_accrual.h"
#include "playbooks/engine/redactor.h"

namespace unyo::agent {

std::optional<RunRecordLine> ledgerLineFor(const playbooks::RunRecord& run,
                                           const unyo::TimeZone& zone, Clock::WallTime now) {
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
  line.trigger = std::string(playbooks::triggerTypeName(run.trigger.type));
  line.error = playbooks::truncateText(run.error, kMaxFailedRunError);
  line.credited = run.laborCredited;
  line.minutes = run.laborMinutes;
  line.yen = run.laborYen;
  return line;
}

Expected<std::size_t> LaborRecorder::apply(const playbooks::FinishedRuns& finished) {
  const auto now = clock_.now();
  std::vector<RunRecordLine> lines;
  for (const auto& [seq, run] : finished.runs) {
    auto line = ledgerLineFor(run, zone_, now);
    if (!line) continue;
    line->seq = seq;
    lines.push_back(std::move(*line));
  }
  return ledger_.appendRuns(lines, localDate(zone_, now));
}

}  // namespace unyo::agent
