#pragma once

// Which template/expression references a place in a playbook may use, so a
// typo (params.dyas, steps.purg) is caught when the playbook loads rather
// than at 3 a.m. when the step runs. Each error carries a "did you mean"
// when a known name is close.
//
//   params.NAME                    a declared param
//   vars.NAME[.FIELD...]           a var of the playbook or the agent config
//   steps.ID[.output.*|.failed|.changed|.ok|.skipped|.status|.error|.attempts|.summary|.results]
//                                  a step that runs before this place
//   item[.FIELD...], loop.index|index0|length|first|last
//                                  inside a step with `loop:`
//   run.id|error|trigger|dry_run|started_at
//   playbook.name|description
//   identity.lg_code|system|environment|vendor|csp
//   trigger.type|scheduled_at|labels.*|alert.*

#include <optional>
#include <set>
#include <string>

#include "playbooks/expression/template.h"
#include "playbooks/value.h"

namespace unyo::playbooks {

struct ReferenceRules {
  std::set<std::string> params;
  std::set<std::string> earlierSteps;  // step ids visible here
  std::set<std::string> loopSteps;     // those of them with `loop:` (they have .results)
  bool stepsAllowed = true;            // false in trigger conditions
  // The vars this place can read, with their values so vars.NAME.FIELD is
  // checked too; null where vars are not available (trigger conditions).
  const Value* vars = nullptr;
  // False when the agent config's playbooks.vars are unknown (a playbook
  // validated on its own): a name the playbook does not define may be
  // defined there, so it is not an error.
  bool allVarsKnown = true;
  bool inLoop = false;  // item and loop.* (in a step's with: and when: under loop:)
};

// Why `reference` is not allowed here, or nullopt when it is.
std::optional<std::string> checkReference(const Reference& reference, const ReferenceRules& rules);

}  // namespace unyo::playbooks
