#pragma once

// What a dry-run step would change, as lines an operator reads before
// trusting a playbook (`unyo playbook run --dry-run --diff`,
// docs/cli.md): the files file.cleanup would delete (every one it listed,
// and how many more), the payload a webhook would send, the command a
// service or exec step would run. Built from the step's dry-run outputs
// (docs/playbooks.md, "Dry runs"), which are already redacted.

#include <string>
#include <vector>

#include "playbooks/run_record.h"

namespace unyo::agent {

// Empty when the step would change nothing, or did not run.
std::vector<std::string> dryRunDiffLines(const playbooks::StepRecord& step);

}  // namespace unyo::agent
