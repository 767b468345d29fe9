// becomeChildSubreaper, reapOrphans: see orphans.h.

#include "playbooks/process/orphans.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace unyo::playbooks {
namespace {

struct ProcStat {
  char state = '?';
  pid_t parent = 0;
};

// A small /proc file in one read; nullopt when it cannot be read.
std::optional<std::string> readSmallFile(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  char buffer[1024];
  const ssize_t n = ::read(fd, buffer, sizeof buffer);
  ::close(fd);
  if (n < 0) return std::nullopt;
  return std::string(buffer, static_cast<std::size_t>(n));
}

std::optional<pid_t> parsePid(std::string_view text) {
  pid_t pid = 0;
  const auto [end, err] = std::from_chars(text.data(), text.data() + text.size(), pid);
  if (err != std::errc() || end != text.data() + text.size() || pid <= 0) return std::nullopt;
  return pid;
}

// /proc/<pid>/stat: "pid (comm) S ppid ..."; comm may hold spaces and ')'.
bool readStat(const std::filesystem::path& file, ProcStat& out) {
  const auto text = readSmallFile(file);
  if (!text) return false;
  const std::size_t close = text->rfind(')');
  if (close == std::string::npos || close + 4 >= text->size()) return false;
  std::string_view rest = std::string_view(*text).substr(close + 2);  // "S ppid ..."
  out.state = rest.front();
  rest.remove_prefix(2);
  const auto parent = parsePid(rest.substr(0, rest.find(' ')));
  if (!parent) return false;
  out.parent = *parent;
  return true;
}

// This process's children, from /proc/self/task/*/children: a few tiny
// reads, where scanning every /proc/<pid>/stat of a busy host costs
// milliseconds every time. nullopt when the kernel lacks those files
// (CONFIG_PROC_CHILDREN).
std::optional<std::vector<pid_t>> childrenOfSelf(const std::filesystem::path& procRoot) {
  std::vector<pid_t> children;
  std::error_code ec;
  bool sawTask = false;
  for (auto it = std::filesystem::directory_iterator(procRoot / "self" / "task", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    const auto text = readSmallFile(it->path() / "children");
    if (!text) {
      std::error_code gone;
      if (!std::filesystem::exists(it->path(), gone)) continue;  // the thread ended
      return std::nullopt;
    }
    sawTask = true;
    std::string_view rest = *text;
    while (!rest.empty()) {
      const auto space = rest.find_first_of(" \n");
      if (auto pid = parsePid(rest.substr(0, space))) children.push_back(*pid);
      if (space == std::string_view::npos) break;
      rest.remove_prefix(space + 1);
    }
  }
  if (ec || !sawTask) return std::nullopt;
  return children;
}

// Every process whose /proc entry says its parent is us (the slow way).
std::vector<pid_t> childrenByScanning(const std::filesystem::path& procRoot, pid_t self) {
  std::vector<pid_t> children;
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator(procRoot, ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    const auto pid = parsePid(it->path().filename().string());
    ProcStat stat;
    if (pid && readStat(it->path() / "stat", stat) && stat.parent == self) {
      children.push_back(*pid);
    }
  }
  return children;
}

}  // namespace

Expected<void> becomeChildSubreaper() {
  if (::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
    return fail(std::string("prctl(PR_SET_CHILD_SUBREAPER): ") + std::strerror(errno));
  }
  return {};
}

std::size_t reapOrphans(const std::function<bool(pid_t)>& ownedElsewhere,
                        const std::filesystem::path& procRoot) {
  const pid_t self = ::getpid();
  auto children = childrenOfSelf(procRoot);
  if (!children) children = childrenByScanning(procRoot, self);
  std::size_t reaped = 0;
  for (const pid_t pid : *children) {
    ProcStat stat;
    if (!readStat(procRoot / std::to_string(pid) / "stat", stat) || stat.state != 'Z') continue;
    if (ownedElsewhere && ownedElsewhere(pid)) continue;
    if (::waitpid(pid, nullptr, WNOHANG) == pid) ++reaped;
  }
  return reaped;
}

}  // namespace unyo::playbooks
