// The blocking half of file.cleanup (declared in file_cleanup_walk.h).

#include "playbooks/actions/file_cleanup_walk.h"

#include <fcntl.h>
#include <fnmatch.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "playbooks/actions/cleanup_guard.h"
#include "playbooks/actions/file_cleanup_selection.h"
#include "playbooks/actions/path_guard.h"

namespace unyo::playbooks {
namespace {

constexpr std::uint64_t kDeletionsPerTimeCheck = 256;

std::string openFailure(const std::string& path, int error) {
  // O_NOFOLLOW | O_DIRECTORY on a symlink fails with ENOTDIR (or ELOOP).
  struct stat st {};
  const bool symlink = ::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
  if (symlink) return "path " + path + " is a symbolic link; name the directory it points to";
  if (error == ENOENT) return "path " + path + " does not exist";
  if (error == ENOTDIR) return "path " + path + " is not a directory";
  return "cannot open " + path + ": " + std::strerror(error);
}

class Cleaner {
 public:
  Cleaner(const CleanupJob& job, int rootFd, CleanupReport& report)
      : job_(job),
        report_(report),
        walk_(rootFd, job.path, job.recursive, report.problems),
        selection_(job.cutoffNs, job.keepNewest, job.maxDelete) {
    walk_.limit({.oneFilesystem = true,
                 .skipHiddenDirectories = !job.matchDotfiles,
                 .deviceOf = job.deviceOf});
  }

  // Walks and chooses; false when the time ran out first.
  bool plan() {
    const DirectoryWalk::NameFilter wanted = [this](std::string_view name) {
      const int flags = job_.matchDotfiles ? 0 : FNM_PERIOD;
      return ::fnmatch(job_.pattern.c_str(), name.data(), flags) == 0;
    };
    const DirectoryWalk::Visitor offer = [this](const WalkedEntry& entry) {
      // Symlinks, fifos, sockets and devices are never candidates.
      if (S_ISREG(entry.status.st_mode))
        selection_.offer(entry.directory, entry.name, entry.status);
    };
    const bool finished = walk_.run(wanted, offer, job_.inTime);
    report_.skippedMounts = walk_.skippedMounts();
    if (!finished) return false;
    plan_ = selection_.finish();
    report_.matched = plan_.matched;
    report_.plannedFiles = plan_.files.size();
    report_.plannedBytes = plan_.bytes;
    report_.limited = plan_.limited;
    removedIn_.assign(walk_.directories().size(), 0);
    return true;
  }

  void deleteFiles() {
    std::uint32_t current = WalkedDirectory::kNoParent;
    UniqueFd directory;
    std::string prefix;
    std::uint64_t sinceCheck = 0;
    for (const CleanupCandidate& file : plan_.files) {
      if (file.directory != current) {
        current = file.directory;
        prefix = pathPrefix(current);
        if (!job_.dryRun) directory = walk_.reopen(current);
      }
      const std::string_view name = selection_.name(file);
      if (job_.dryRun) {
        ++removedIn_[file.directory];
        addSample(prefix, name);
        continue;
      }
      if (++sinceCheck >= kDeletionsPerTimeCheck) {
        sinceCheck = 0;
        if (!job_.inTime()) {
          report_.stoppedEarly = true;
          return;
        }
      }
      if (directory.valid()) deleteOne(directory.get(), file, prefix, name);
    }
  }

  // Bottom-up (children have larger indices than their parents): a
  // subdirectory is removed when this cleanup removed everything it held.
  // rmdir itself refuses a directory that gained an entry meanwhile.
  void removeEmptiedDirectories() {
    const auto& directories = walk_.directories();
    for (auto index = static_cast<std::uint32_t>(directories.size()); index-- > 1;) {
      const WalkedDirectory& dir = directories[index];
      if (removedIn_[index] == 0 || removedIn_[index] != dir.entries) continue;
      if (job_.dryRun) {
        ++report_.plannedDirs;
        ++removedIn_[dir.parent];
        continue;
      }
      UniqueFd parent = walk_.reopen(dir.parent);
      if (!parent.valid()) continue;
      struct stat st {};
      const bool same = ::fstatat(parent.get(), dir.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                        S_ISDIR(st.st_mode) && st.st_ino == dir.inode;
      if (!same) continue;
      if (::unlinkat(parent.get(), dir.name.c_str(), AT_REMOVEDIR) == 0) {
        ++report_.removedDirs;
        ++removedIn_[dir.parent];
      } else if (errno != ENOTEMPTY && errno != EEXIST) {
        std::string path = pathPrefix(index);
        path.pop_back();  // the trailing "/"
        report_.problems.add(path + ": " + describeFileError(errno));
      }
    }
  }

 private:
  void deleteOne(int directoryFd, const CleanupCandidate& file, const std::string& prefix,
                 std::string_view name) {
    struct stat st {};
    if (::fstatat(directoryFd, name.data(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      report_.problems.add(prefix + std::string(name) + ": " + describeFileError(errno));
      return;
    }
    // The name may have been given to another file since the walk.
    if (!S_ISREG(st.st_mode) || st.st_ino != file.inode || modifiedNs(st) > job_.cutoffNs) {
      report_.problems.add(prefix + std::string(name) + ": changed since the walk; left alone");
      return;
    }
    if (::unlinkat(directoryFd, name.data(), 0) != 0) {
      report_.problems.add(prefix + std::string(name) + ": " + describeFileError(errno));
      return;
    }
    ++report_.deletedFiles;
    report_.freedBytes += static_cast<std::uint64_t>(st.st_size);
    ++removedIn_[file.directory];
    addSample(prefix, name);
  }

  // "/var/log/app/2026/" for a directory of the walk.
  std::string pathPrefix(std::uint32_t directory) const {
    const std::string relative = walk_.relativePath(directory);
    return job_.path + "/" + (relative.empty() ? "" : relative + "/");
  }

  void addSample(const std::string& prefix, std::string_view name) {
    const std::size_t limit =
        job_.dryRun ? CleanupReport::kDryRunSampleSize : CleanupReport::kSampleSize;
    if (report_.sample.size() < limit) {
      report_.sample.push_back(prefix + std::string(name));
    }
  }

  const CleanupJob& job_;
  CleanupReport& report_;
  DirectoryWalk walk_;
  CleanupSelection selection_;
  CleanupPlan plan_;
  std::vector<std::uint32_t> removedIn_;  // per directory: entries removed (or to remove)
};

}  // namespace

CleanupReport cleanUpDirectory(const CleanupJob& job) {
  CleanupReport report;
  if (auto allowed = checkAgainstRails("file.cleanup", job.path, job.rails, job.recursive);
      !allowed) {
    report.failure = allowed.error().message;
    return report;
  }
  const UniqueFd root = openDirectoryNoFollow(AT_FDCWD, job.path.c_str());
  if (!root.valid()) {
    report.failure = openFailure(job.path, errno);
    return report;
  }
  // A symlink among the parents may lead somewhere the path itself does not say.
  const std::string resolved = resolvedPathOf(root.get());
  if (!resolved.empty() && resolved != job.path) {
    if (auto allowed = checkCleanupRoot(resolved); !allowed) {
      report.failure = "path " + job.path + " is " + resolved + ": " + allowed.error().message;
      return report;
    }
  }
  // The directory actually opened, in case a parent was swapped since the check.
  if (auto allowed = checkAgainstRails("file.cleanup", resolved.empty() ? job.path : resolved,
                                       job.rails, job.recursive);
      !allowed) {
    report.failure = allowed.error().message;
    return report;
  }
  Cleaner cleaner(job, root.get(), report);
  if (!cleaner.plan()) {
    report.failure = "the walk of " + job.path + " did not finish in time; nothing was deleted";
    return report;
  }
  cleaner.deleteFiles();
  if (job.removeEmptyDirs && !report.stoppedEarly) cleaner.removeEmptiedDirectories();
  return report;
}

}  // namespace unyo::playbooks
