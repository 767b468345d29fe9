#pragma once

// Playbook files into validated Playbooks. Every problem is reported as
// FILE:LINE:COL: message, all of them at once: unknown fields and actions,
// bad durations and cron expressions, `with:` keys an action does not take,
// relative paths where an action needs absolute ones, template references to
// params, vars or steps that do not exist (each with a "did you mean" when a
// known name is close), duplicate step ids, duplicate playbook names across
// files.

#include <expected>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "playbooks/playbook.h"

namespace unyo::playbooks {

// One playbook from its text; `fileName` is used in error locations.
// `configVars`: the agent config's playbooks.vars, which the playbook's own
// `vars:` override by name and which {{ vars.NAME }} may read. Null when no
// config was read (a playbook validated on its own): only the playbook's own
// vars are then known, and a reference to another var is not an error — it
// may be defined in the config, which checks it when the agent loads the
// playbook (docs/playbooks.md, "Vars").
std::expected<Playbook, Diagnostics> parsePlaybook(std::string_view text,
                                                   const std::string& fileName,
                                                   const Value* configVars = nullptr);

// Every playbook under `paths` (folders: their *.yaml and *.yml files,
// sorted; files: themselves). A missing folder is an error; an empty one is
// not. Names must be unique across all files (also reported for a file
// with other errors). `configVars` as for parsePlaybook.
std::expected<std::vector<Playbook>, Diagnostics> loadPlaybooks(
    std::span<const std::filesystem::path> paths, const Value* configVars = nullptr);

}  // namespace unyo::playbooks
