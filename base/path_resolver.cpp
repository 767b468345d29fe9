#include "base/path_resolver.h"

#include <vector>

namespace unyo {
namespace fs = std::filesystem;

namespace {

std::vector<std::string> components(std::string_view text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('/', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view part = text.substr(start, end - start);
    if (!part.empty() && part != ".") parts.emplace_back(part);
    start = end + 1;
  }
  return parts;
}

fs::path join(const std::vector<std::string>& parts, std::size_t count) {
  fs::path out = "/";
  for (std::size_t i = 0; i < count; ++i) out /= parts[i];
  return out;
}

}  // namespace

Expected<fs::path> normalAbsolutePath(std::string_view text) {
  if (text.empty()) return fail("an empty path", ErrorKind::invalid);
  if (text.front() != '/') {
    return fail(inQuotes(text) + " is not an absolute path", ErrorKind::invalid);
  }
  const auto parts = components(text);
  for (const auto& part : parts) {
    if (part == "..") {
      return fail(inQuotes(text) + " contains \"..\"", ErrorKind::invalid);
    }
  }
  return join(parts, parts.size());
}

Expected<fs::path> resolveRealPath(std::string_view text) {
  auto normal = normalAbsolutePath(text);
  if (!normal) return normal;
  const auto parts = components(text);
  // Walk back from the whole path to the longest prefix that exists. Only
  // "does not exist" lets us step back: any other failure could hide a
  // link we cannot see through.
  for (std::size_t count = parts.size() + 1; count-- > 0;) {
    const fs::path prefix = join(parts, count);
    std::error_code ec;
    fs::path real = fs::canonical(prefix, ec);
    if (ec == std::errc::no_such_file_or_directory) continue;
    if (ec) {
      return fail(inQuotes(text) + ": " + prefix.string() + ": " + ec.message(),
                  ErrorKind::invalid);
    }
    if (count < parts.size()) {
      // The first missing component may still be there as a dangling link:
      // it would lead wherever its target gets created.
      const fs::path next = prefix / parts[count];
      if (fs::symlink_status(next, ec).type() != fs::file_type::not_found) {
        return fail(inQuotes(text) + ": " + next.string() + " cannot be resolved",
                    ErrorKind::invalid);
      }
    }
    for (std::size_t i = count; i < parts.size(); ++i) real /= parts[i];
    return real;
  }
  return fail(inQuotes(text) + ": cannot be resolved", ErrorKind::invalid);
}

bool isPathUnder(const fs::path& path, const fs::path& root) {
  auto p = path.begin();
  for (auto r = root.begin(); r != root.end(); ++r, ++p) {
    if (p == path.end() || *p != *r) return false;
  }
  return true;
}

}  // namespace unyo
