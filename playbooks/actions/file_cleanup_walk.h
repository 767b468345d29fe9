#pragma once

// The blocking half of file.cleanup: walks the tree by directory fds
// (directory_walk.h), chooses what to delete (file_cleanup_selection.h),
// then deletes it with unlinkat relative to the reopened directory, after
// checking each file is still the regular file the walk saw (same inode,
// still old enough). A dry run stops after choosing. Runs off the loop.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "playbooks/actions/directory_walk.h"
#include "playbooks/system_access.h"

namespace unyo::playbooks {

struct CleanupJob {
  std::string path;  // already accepted by checkCleanupRoot
  std::string pattern;
  std::int64_t cutoffNs = 0;  // files modified at or before it are old enough
  bool recursive = false;
  std::uint64_t keepNewest = 0;
  std::uint64_t maxDelete = 0;
  bool removeEmptyDirs = false;
  // false: a glob does not match names starting with "." (FNM_PERIOD) and
  // hidden directories are not entered.
  bool matchDotfiles = false;
  bool dryRun = false;
  FileGuardRails rails;  // checked against the real path before anything is opened
  // Tests fake devices here; the walk never leaves the root's filesystem.
  WalkLimits::DeviceOf deviceOf;
  std::function<bool()> inTime;  // false once the step's time is up
};

struct CleanupReport {
  // How many paths `sample` keeps: a few in a real run (the run record
  // stays small), more in a dry run, which is read to check the selection
  // before trusting it (`unyo playbook run --dry-run --diff`).
  static constexpr std::size_t kSampleSize = 20;
  static constexpr std::size_t kDryRunSampleSize = 100;

  // Set when nothing was deleted because the cleanup could not start or the
  // walk ran out of time.
  std::string failure;
  std::uint64_t matched = 0;
  std::uint64_t plannedFiles = 0;
  std::uint64_t plannedBytes = 0;
  std::uint64_t plannedDirs = 0;  // directories the cleanup empties (remove_empty_dirs)
  std::uint64_t deletedFiles = 0;
  std::uint64_t freedBytes = 0;
  std::uint64_t removedDirs = 0;
  bool limited = false;
  bool stoppedEarly = false;        // the time ran out while deleting
  std::vector<std::string> sample;  // the first paths deleted (or to delete), see kSampleSize
  std::vector<std::string> skippedMounts;  // subdirectories on another filesystem, not entered
  ProblemTally problems;
};

CleanupReport cleanUpDirectory(const CleanupJob& job);

}  // namespace unyo::playbooks
