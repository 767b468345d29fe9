// Directories file.cleanup refuses (declared in cleanup_guard.h).

#include "playbooks/actions/cleanup_guard.h"

#include <unistd.h>

#include <array>

namespace unyo::playbooks {
namespace {

constexpr std::array<std::string_view, 12> kSystemTrees = {"/bin",  "/boot",  "/dev",   "/etc",
                                                           "/lib",  "/lib32", "/lib64", "/libx32",
                                                           "/proc", "/sbin",  "/sys",   "/usr"};

constexpr std::array<std::string_view, 9> kTopLevelOnly = {
    "/home", "/media", "/mnt", "/opt", "/root", "/run", "/srv", "/tmp", "/var"};

bool isInside(std::string_view path, std::string_view tree) {
  if (!path.starts_with(tree)) return false;
  return path.size() == tree.size() || path[tree.size()] == '/';
}

}  // namespace

Expected<std::string> checkCleanupRoot(std::string_view path) {
  if (path.empty()) return fail("the path is empty");
  if (path.front() != '/') return fail(std::string(path) + " is not an absolute path");
  std::string normal;
  std::size_t start = 0;
  while (start < path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view part = path.substr(start, end - start);
    if (part == "." || part == "..") {
      return fail(std::string(path) + " must not contain \".\" or \"..\"");
    }
    if (!part.empty()) {
      normal += '/';
      normal += part;
    }
    start = end + 1;
  }
  const std::string refused = "file.cleanup refuses to clean ";
  if (normal.empty()) return fail(refused + "/");
  for (const auto tree : kSystemTrees) {
    if (normal == tree) return fail(refused + normal);
    if (isInside(normal, tree))
      return fail(refused + normal + " (inside " + std::string(tree) + ")");
  }
  for (const auto top : kTopLevelOnly) {
    if (normal == top) return fail(refused + normal + " itself; name a directory below it");
  }
  return normal;
}

std::string resolvedPathOf(int directoryFd) {
  const std::string link = "/proc/self/fd/" + std::to_string(directoryFd);
  std::array<char, 4096> buffer{};
  const ssize_t length = ::readlink(link.c_str(), buffer.data(), buffer.size() - 1);
  if (length <= 0) return "";
  return std::string(buffer.data(), static_cast<std::size_t>(length));
}

}  // namespace unyo::playbooks
