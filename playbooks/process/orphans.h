#pragma once

// Orphaned descendants of playbook steps. When a step's child exits, its
// own children are re-parented to the nearest "child subreaper" ancestor,
// or to init. By default that is init (or systemd), which reaps them, and
// the runner's kill of the step's process group has already ended every
// descendant that stayed in the group. A daemon that wants to keep track of
// what escaped the group (setsid) can make itself the subreaper instead;
// it then owns those processes' exit statuses and must reap them:
//
//   becomeChildSubreaper();                          // once, at start-up
//   reapOrphans([&](pid_t p) { return runner.owns(p); });  // on SIGCHLD or a timer
//
// Both are process-wide decisions, which is why the runner makes neither.

#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <functional>

#include "base/error.h"

namespace unyo::playbooks {

// prctl(PR_SET_CHILD_SUBREAPER, 1) for the calling process.
Expected<void> becomeChildSubreaper();

// Reaps every child of this process that is already a zombie, except those
// `ownedElsewhere` claims (children whose status another part is waiting
// for: AsioProcessRunner::owns, and anything else the process forks). Never
// waits on a child that is still running, never calls waitpid(-1). Returns
// how many it reaped. Call it on the event loop, like the runner.
std::size_t reapOrphans(const std::function<bool(pid_t)>& ownedElsewhere,
                        const std::filesystem::path& procRoot = "/proc");

}  // namespace unyo::playbooks
