#pragma once

// `vars:`, named values templates and `when:` read as {{ vars.NAME }}
// (docs/playbooks.md, "Vars"): the agent config's `playbooks.vars`, shared
// by every playbook, and a playbook's own `vars:`, which replaces a shared
// var of the same name. Values are plain YAML data — scalars, lists, maps —
// and are not templates: "{{ x }}" in a var stays that text.

#include <string_view>

#include "base/yaml_reader.h"
#include "playbooks/value.h"

namespace unyo::playbooks {

// Bounds on one `vars:` section: it is read from files root acts on, and
// aliases can make a small file a deep or huge tree.
inline constexpr int kMaxVarsDepth = 16;
inline constexpr std::size_t kMaxVarsValues = 10'000;

// The vars under `node` (a mapping of NAME: value; empty or absent: none).
// Names follow the param rules ([a-z_][a-z0-9_]*). Plain scalars keep their
// YAML type (30 is a number, true a boolean, ~ null); quoted ones are text.
// Problems go to `file` at their position; a var with one is left out.
Value readVars(const YAML::Node& node, const yaml::YamlFile& file);

// `shared` with each var of `own` put over it, by name (a whole value
// replaces another; maps are not merged key by key).
Value mergeVars(const Value& shared, const Value& own);

}  // namespace unyo::playbooks
