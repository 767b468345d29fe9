// becomeChildSubreaper, reapOrphans: see orphans.h.

#include "playbooks/process/orphans.h"

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

namespace unyo::playbooks {
namespace {

struct ProcStat {
  char state = '?';
  pid_t parent = 0;
};

// /proc/<pid>/stat: "pid (comm) S ppid ..."; comm may hold spaces and ')'.
bool readStat(const std::filesystem::path& file, ProcStat& out) {
  std::ifstream in(file);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t close = text.rfind(')');
  if (close == std::string::npos) return false;
  std::istringstream rest(text.substr(close + 1));
  long parent = 0;
  if (!(rest >> out.state >> parent)) return false;
  out.parent = static_cast<pid_t>(parent);
  return true;
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
  std::size_t reaped = 0;
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator(procRoot, ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    const std::filesystem::path& dir = it->path();
    const std::string name = dir.filename().string();
    pid_t pid = 0;
    const auto [end, err] = std::from_chars(name.data(), name.data() + name.size(), pid);
    if (err != std::errc() || end != name.data() + name.size()) continue;
    ProcStat stat;
    if (!readStat(dir / "stat", stat) || stat.parent != self || stat.state != 'Z') continue;
    if (ownedElsewhere && ownedElsewhere(pid)) continue;
    if (::waitpid(pid, nullptr, WNOHANG) == pid) ++reaped;
  }
  return reaped;
}

}  // namespace unyo::playbooks
