#pragma once

// Markdown pipe tables with right-aligned numbers. Columns are padded to the
// same display width (Japanese characters count two) so the file reads well
// as plain text; a cell never breaks the table. `unyo report` and
// `unyo fleet report` both write theirs with it.

#include <string>
#include <string_view>
#include <vector>

namespace unyo::agent {

struct MarkdownColumn {
  std::string header;
  bool numeric = false;
};

// Text that a Markdown renderer shows as written, never as markup it would
// pass through: '<' (raw HTML, autolinks) and backslashes are escaped.
// Playbook descriptions and errors are written by others.
std::string markdownText(std::string_view text);

// Appends the table and an empty line to `out`. Cells have '|' escaped and
// line breaks made spaces; text others wrote goes through markdownText first.
void appendMarkdownTable(std::string& out, const std::vector<MarkdownColumn>& columns,
                         std::vector<std::vector<std::string>> rows);

}  // namespace unyo::agent
