#pragma once

// The layering of docs/architecture.md as data, and a checker that reads
// every `#include "…"` line of a source tree against it. The build already
// refuses an upward include between libraries (each library's include path
// holds only the layers below it); this check also covers the folders
// inside agent/ and playbooks/, and names the file and line.

#include <filesystem>
#include <string>
#include <vector>

namespace unyo::layering {

struct Violation {
  std::string file;  // relative to the tree's root
  int line = 0;
  std::string included;
  std::string reason;

  std::string toString() const;  // "FILE:LINE: includes \"X\": reason"
};

// Scans base/, collectors/, exporter/, playbooks/, agent/ and tests/ under
// `root` (.h and .cpp files).
std::vector<Violation> checkIncludes(const std::filesystem::path& root);

// The rule for one edge: empty when `file` (relative path) may include
// `included` (as written between the quotes), otherwise why not.
std::string whyForbidden(const std::string& file, const std::string& included);

}  // namespace unyo::layering
