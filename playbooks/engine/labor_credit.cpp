#include "playbooks/engine/labor_credit.h"

#include <algorithm>

namespace unyo::playbooks {

void creditLabor(const Playbook& playbook, double hourlyRateJpy, RunRecord& run) {
  run.laborCredited = false;
  run.laborMinutes = 0;
  run.laborYen = 0;
  if (run.status != RunStatus::success || run.dryRun) return;
  if (playbook.laborCredit == LaborCredit::changed &&
      std::none_of(run.steps.begin(), run.steps.end(),
                   [](const StepRecord& step) { return step.changed; })) {
    return;
  }
  run.laborCredited = true;
  run.laborMinutes = playbook.manualMinutes;
  run.laborYen = run.laborMinutes / 60.0 * hourlyRateJpy;
}

}  // namespace unyo::playbooks
