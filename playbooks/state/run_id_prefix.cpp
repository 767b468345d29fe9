#include "playbooks/state/run_id_prefix.h"

#include <algorithm>

#include "base/atomic_file.h"
#include "playbooks/state/history_lines.h"

namespace unyo::playbooks {
namespace {

// Enough ids to recognise the right one without flooding the terminal.
constexpr std::size_t kAmbiguousShown = 5;

}  // namespace

Expected<std::string> resolveRunId(const RunHistory& history, std::string_view prefix) {
  if (prefix.empty()) return fail("give a run id (or its beginning)");
  auto text = readFileIfExists(history.file());
  if (!text) return std::unexpected(text.error());
  const HistoryLines lines = parseHistoryLines(text->value_or(""));
  std::vector<std::string> matches;
  for (const auto& id : lines.idsInOrder) {
    if (id == prefix) return id;  // an exact id wins even when it begins another
    if (id.starts_with(prefix)) matches.push_back(id);
  }
  if (matches.empty()) return fail("no run \"" + std::string(prefix) + "\"");
  if (matches.size() == 1) return matches.front();
  std::string shown;
  for (std::size_t i = 0; i < std::min(matches.size(), kAmbiguousShown); ++i) {
    shown += (i == 0 ? "" : ", ") + matches[i];
  }
  if (matches.size() > kAmbiguousShown) shown += ", ...";
  return fail("\"" + std::string(prefix) + "\" matches " + std::to_string(matches.size()) +
              " runs: " + shown + "; give more of the id");
}

}  // namespace unyo::playbooks
