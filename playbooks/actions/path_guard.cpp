// The guard rails of file actions (declared in path_guard.h).

#include "playbooks/actions/path_guard.h"

#include "base/path_resolver.h"

namespace unyo::playbooks {
namespace {

namespace fs = std::filesystem;

// A rail itself may be a symlink (/srv -> /data/srv): compare real paths.
// One that cannot be resolved counts as written.
fs::path realRail(const fs::path& rail) {
  if (auto real = resolveRealPath(rail.string())) return *real;
  if (auto normal = normalAbsolutePath(rail.string())) return *normal;
  return rail;
}

}  // namespace

std::string describeAllowed(const FileGuardRails& rails) {
  std::string out = "[";
  for (const auto& allowed : rails.allowed) {
    if (out.size() > 1) out += ", ";
    out += allowed.string();
  }
  return out + "]";
}

Expected<fs::path> checkAgainstRails(std::string_view action, std::string_view path,
                                     const FileGuardRails& rails, bool recursive) {
  auto real = resolveRealPath(path);
  if (!real) return fail(std::string(action) + " cannot check path: " + real.error().message);
  const std::string shown =
      real->string() == path ? std::string(path) : std::string(path) + " (" + real->string() + ")";
  for (const auto& forbidden : rails.forbidden) {
    const fs::path own = realRail(forbidden);
    if (isPathUnder(*real, own)) {
      return fail(std::string(action) + " refuses " + shown + ": it is inside the agent's own " +
                  own.string() + ", which no playbook may touch (not even through " +
                  "playbooks.allowed_paths)");
    }
    if (recursive && isPathUnder(own, *real)) {
      return fail(std::string(action) + " refuses " + shown + " with recursive: it holds the " +
                  "agent's own " + own.string() + ", which no playbook may touch");
    }
  }
  for (const auto& allowed : rails.allowed) {
    if (isPathUnder(*real, realRail(allowed))) return *real;
  }
  return fail(std::string(action) + " refuses " + shown + ": it is outside the allowed paths " +
              describeAllowed(rails) + "; to allow it, add its folder to playbooks.allowed_paths " +
              "in the agent's config");
}

}  // namespace unyo::playbooks
