#pragma once

// Which template/expression references a place in a playbook may use, so a
// typo (params.dyas, steps.purg) is caught when the playbook loads rather
// than at 3 a.m. when the step runs.
//
//   params.NAME                    a declared param
//   steps.ID[.output.*|.failed|.changed|.ok|.skipped|.status|.error|.attempts|.summary]
//                                  a step that runs before this place
//   run.id|error|trigger|dry_run|started_at
//   playbook.name|description
//   identity.lg_code|system|environment|vendor|csp
//   trigger.type|scheduled_at|labels.*|alert.*

#include <optional>
#include <set>
#include <string>

#include "playbooks/expression/template.h"

namespace unyo::playbooks {

struct ReferenceRules {
  std::set<std::string> params;
  std::set<std::string> earlierSteps;  // step ids visible here
  bool stepsAllowed = true;            // false in trigger conditions
};

// Why `reference` is not allowed here, or nullopt when it is.
std::optional<std::string> checkReference(const Reference& reference, const ReferenceRules& rules);

}  // namespace unyo::playbooks
