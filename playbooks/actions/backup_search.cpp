// Finding the newest backup (declared in backup_search.h).

#include "playbooks/actions/backup_search.h"

#include <fcntl.h>
#include <fnmatch.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "playbooks/actions/cleanup_guard.h"
#include "playbooks/actions/path_guard.h"

namespace unyo::playbooks {

NewestBackup findNewestBackup(const BackupSearch& search) {
  NewestBackup newest;
  auto allowed = checkAgainstRails("backup.verify", search.path, search.rails, search.recursive);
  if (!allowed) {
    newest.failure = allowed.error().message;
    return newest;
  }
  const UniqueFd root(::open(search.path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!root.valid()) {
    const int error = errno;
    newest.failure = error == ENOENT ? search.path + " does not exist"
                     : error == ENOTDIR
                         ? search.path + " is not a directory"
                         : "cannot open " + search.path + ": " + std::strerror(error);
    return newest;
  }
  // What was opened, in case a link changed since the check.
  if (const std::string opened = resolvedPathOf(root.get()); !opened.empty()) {
    if (auto again = checkAgainstRails("backup.verify", opened, search.rails, search.recursive);
        !again) {
      newest.failure = again.error().message;
      return newest;
    }
  }
  DirectoryWalk walk(root.get(), search.path, search.recursive, newest.problems);
  const DirectoryWalk::NameFilter wanted = [&](std::string_view name) {
    return !name.ends_with(kSidecarSuffix) &&
           ::fnmatch(search.pattern.c_str(), name.data(), 0) == 0;
  };
  std::uint32_t directory = 0;
  const DirectoryWalk::Visitor consider = [&](const WalkedEntry& entry) {
    if (!S_ISREG(entry.status.st_mode)) return;
    ++newest.matched;
    const std::int64_t modified = modifiedNs(entry.status);
    // Ties go to the later name, so the choice does not depend on readdir order.
    if (!newest.name.empty() && std::pair(modified, std::string_view(entry.name)) <=
                                    std::pair(newest.modifiedNs, std::string_view(newest.name))) {
      return;
    }
    directory = entry.directory;
    newest.name = entry.name;
    newest.size = static_cast<std::uint64_t>(entry.status.st_size);
    newest.modifiedNs = modified;
    newest.inode = entry.status.st_ino;
  };
  if (!walk.run(wanted, consider, search.inTime)) {
    newest.failure = "the search of " + search.path + " did not finish in time";
    return newest;
  }
  if (newest.name.empty()) return newest;
  const std::string relative = walk.relativePath(directory);
  newest.relativeName = relative.empty() ? newest.name : relative + "/" + newest.name;
  newest.directory = walk.reopen(directory);
  if (!newest.found()) newest.failure = "the directory of " + newest.relativeName + " changed";
  return newest;
}

}  // namespace unyo::playbooks
