#pragma once

// Finds the newest regular file matching a glob under a backup directory
// (by mtime; `*.sha256` sidecars never count), walking by directory fds
// without following symlinks (directory_walk.h). Blocking: run off the loop.

#include <sys/stat.h>

#include <cstdint>
#include <functional>
#include <string>

#include "base/unique_fd.h"
#include "playbooks/actions/directory_walk.h"
#include "playbooks/system_access.h"

namespace unyo::playbooks {

inline constexpr std::string_view kSidecarSuffix = ".sha256";

struct BackupSearch {
  std::string path;  // absolute; may itself be a symlink (a mount elsewhere)
  std::string pattern;
  bool recursive = false;
  std::function<bool()> inTime;
  FileGuardRails rails;  // its real path must pass them before it is opened
};

struct NewestBackup {
  std::string failure;  // the directory could not be read, or the time ran out
  std::uint64_t matched = 0;
  bool found() const { return directory.valid(); }
  UniqueFd directory;        // the directory holding it, open
  std::string name;          // its name in that directory
  std::string relativeName;  // relative to the search path: "2026/db.tar.gz"
  std::uint64_t size = 0;
  std::int64_t modifiedNs = 0;
  ino_t inode = 0;
  ProblemTally problems;
};

NewestBackup findNewestBackup(const BackupSearch& search);

}  // namespace unyo::playbooks
