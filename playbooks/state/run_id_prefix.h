#pragma once

// `unyo runs show|approve|reject ID` take any unique beginning of a run id
// ("20261207T0930" or "20261207T093012Z-3f"), as git takes a short hash:
// the ids are long and an operator copies what is on screen.

#include <string>
#include <string_view>

#include "base/error.h"
#include "playbooks/state/run_history.h"

namespace unyo::playbooks {

// The id of the one run whose id is `prefix` or starts with it. Errors:
// none matches ("no run \"X\""), several do ("\"X\" matches 3 runs: A, B,
// C; give more of the id"), an empty prefix, or the history is unreadable.
Expected<std::string> resolveRunId(const RunHistory& history, std::string_view prefix);

}  // namespace unyo::playbooks
