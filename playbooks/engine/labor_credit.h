#pragma once

// Which finished runs replaced operator work, and how much
// (docs/playbooks.md, "Labor"): a successful real run, and under
// `labor.credit: changed` only one in which some step changed something.
// A dry run, a failure and a run that found nothing to do are credited
// nothing, so every minute in the report traces to work that was done.

#include "playbooks/playbook.h"
#include "playbooks/run_record.h"

namespace unyo::playbooks {

// Sets run.laborCredited, laborMinutes and laborYen for a finished run.
void creditLabor(const Playbook& playbook, double hourlyRateJpy, RunRecord& run);

// Whether a run was started by a person (the CLI, the API, the console):
// its labor is assisted, not automated.
inline bool isAssisted(const TriggerInfo& trigger) { return trigger.type == TriggerType::manual; }

}  // namespace unyo::playbooks
