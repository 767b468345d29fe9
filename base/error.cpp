#include "base/error.h"

#include <algorithm>
#include <cstring>
#include <tuple>

namespace unyo {

std::string SourceLocation::toString() const {
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

std::string Error::toString() const {
  if (!where) return message;
  return where->toString() + ": " + message;
}

std::string inQuotes(std::string_view text) { return "\"" + std::string(text) + "\""; }

std::string systemErrorText(const std::filesystem::path& path, std::string_view what, int err) {
  return path.string() + ": " + std::string(what) + ": " + std::strerror(err);
}

std::string Diagnostics::toString() const {
  std::vector<Error> sorted = errors_;
  // Errors without a location come first; the rest read top to bottom per file.
  std::stable_sort(sorted.begin(), sorted.end(), [](const Error& a, const Error& b) {
    if (!a.where || !b.where) return !a.where && b.where;
    return std::tie(a.where->file, a.where->line, a.where->column) <
           std::tie(b.where->file, b.where->line, b.where->column);
  });
  std::string out;
  for (const Error& e : sorted) {
    out += e.toString();
    out += '\n';
  }
  return out;
}

}  // namespace unyo
