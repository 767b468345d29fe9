#pragma once

// Playbook files into validated Playbooks. Every problem is reported as
// FILE:LINE:COL: message, all of them at once: unknown fields and actions,
// bad durations and cron expressions, `with:` keys an action does not take,
// template references to params or steps that do not exist, duplicate step
// ids, duplicate playbook names across files.

#include <expected>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "playbooks/playbook.h"

namespace unyo::playbooks {

// One playbook from its text; `fileName` is used in error locations.
std::expected<Playbook, Diagnostics> parsePlaybook(std::string_view text,
                                                   const std::string& fileName);

// Every playbook under `paths` (folders: their *.yaml and *.yml files,
// sorted; files: themselves). A missing folder is an error; an empty one is
// not. Names must be unique across all files.
std::expected<std::vector<Playbook>, Diagnostics> loadPlaybooks(
    std::span<const std::filesystem::path> paths);

}  // namespace unyo::playbooks
