#pragma once

// `assert`: fails the step unless an expression holds.
//
//   with: {that: "steps.space.output.used_ratio < 0.9 and not steps.purge.failed",
//          message: "still too full after the purge"}
//
//   that     required; an expression (playbooks/expression.h) over step outputs,
//            params, run, playbook and the latest metrics snapshot, parsed when
//            the step runs. Write references bare (steps.x.output.y) so the
//            expression, not the template, reads them.
//   message  what the step's error says when the expression is false
//            (default "assertion failed: <that>")
//
// Output: that, value (a number or string; for a selector, the number of
// series it kept). Read-only, so a dry run checks for real. A parse or
// evaluation error fails the step with that error.

#include <memory>

#include "playbooks/actions/action.h"

namespace unyo::playbooks {

std::unique_ptr<Action> makeAssertAction();
const ActionDescriptor& assertActionDescriptor();

}  // namespace unyo::playbooks
