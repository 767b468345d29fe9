#pragma once

// `exec`: runs a program from an argv list through the ProcessRunner, never
// through a shell (unless argv itself is ["sh", "-c", ...]).
//
//   with: {argv: [systemctl, reload, nginx], env: {K: v}, run_as: www-data,
//          cwd: /srv/app, stdin: "...", output_cap: 64KiB, ok_exit_codes: [0, 1]}
//
// Output: exit_code, signal, timed_out, stdout, stderr, stdout_truncated,
// stderr_truncated, duration_ms. A run that happened reports changed=true.

#include <memory>

#include "playbooks/actions/action.h"

namespace unyo::playbooks {

std::unique_ptr<Action> makeExecAction();
const ActionDescriptor& execActionDescriptor();

}  // namespace unyo::playbooks
