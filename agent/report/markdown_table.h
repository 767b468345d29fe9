#pragma once

// Markdown pipe tables with right-aligned numbers. Columns are padded to the
// same display width (Japanese characters count two) so the file reads well
// as plain text; a cell never breaks the table. `unyo report` and
// `unyo fleet report` both write theirs with it.

#include <string>
#include <vector>

namespace unyo::agent {

struct MarkdownColumn {
  std::string header;
  bool numeric = false;
};

// Appends the table and an empty line to `out`.
void appendMarkdownTable(std::string& out, const std::vector<MarkdownColumn>& columns,
                         std::vector<std::vector<std::string>> rows);

}  // namespace unyo::agent
