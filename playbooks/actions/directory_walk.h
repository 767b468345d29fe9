#pragma once

// Reads a directory tree through directory file descriptors only: every
// entry is examined with fstatat(AT_SYMLINK_NOFOLLOW) relative to its
// directory's fd and every subdirectory is opened with openat(O_NOFOLLOW |
// O_DIRECTORY). A symlink is never followed, and a directory renamed or
// swapped for a symlink while the walk runs cannot lead it outside the tree
// it started in: the walk never resolves a path, so `..` and symlinks in
// the tree have no say in where it goes.
//
// Used by file.cleanup and backup.verify. Blocking: run it off the loop.

#include <sys/stat.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/unique_fd.h"

namespace unyo::playbooks {

// Per-file problems that do not stop an action: counted, the first few kept.
class ProblemTally {
 public:
  static constexpr std::size_t kKept = 5;

  void add(std::string problem);
  std::uint64_t count() const { return count_; }
  const std::vector<std::string>& first() const { return first_; }

 private:
  std::uint64_t count_ = 0;
  std::vector<std::string> first_;
};

// A directory the walk read. Index 0 is the root; a parent always has a
// smaller index than its children.
struct WalkedDirectory {
  static constexpr std::uint32_t kNoParent = UINT32_MAX;
  std::uint32_t parent = kNoParent;
  std::string name;  // its name in the parent; empty for the root
  dev_t device = 0;
  ino_t inode = 0;
  std::uint32_t entries = 0;  // what it held when read, of any kind
};

// An entry that is not a directory (a regular file, symlink, fifo, ...),
// with its own lstat-style status.
struct WalkedEntry {
  std::uint32_t directory = 0;  // index into DirectoryWalk::directories()
  int directoryFd = -1;         // valid only during the visit
  std::string_view name;
  const struct stat& status;
};

// Which subdirectories a recursive walk leaves out.
struct WalkLimits {
  // The device a directory is on; st_dev unless a test fakes it.
  using DeviceOf = std::function<dev_t(const struct stat&)>;
  // Only directories on the root's filesystem are entered; the others
  // (mount points) are skipped and listed in skippedMounts().
  bool oneFilesystem = false;
  // Directories named ".something" are not entered.
  bool skipHiddenDirectories = false;
  DeviceOf deviceOf;
};

// Whether a directory on `device` is left out of a walk that started on
// `rootDevice` under `limits`.
bool crossesFilesystem(const WalkLimits& limits, dev_t rootDevice, dev_t device);

class DirectoryWalk {
 public:
  static constexpr int kMaxDepth = 64;  // deeper directories are reported, not entered

  // `name.data()` is NUL-terminated (it is the dirent's), for fnmatch.
  using NameFilter = std::function<bool(std::string_view name)>;
  using Visitor = std::function<void(const WalkedEntry&)>;
  using InTime = std::function<bool()>;

  // `rootFd` (borrowed) must stay open while the walk and its reopen() calls
  // run. Problems with single entries go to `problems`, naming paths under
  // `rootPath` (the path `rootFd` was opened by).
  DirectoryWalk(int rootFd, std::string rootPath, bool recursive, ProblemTally& problems);

  // Calls `visit` for every non-directory entry whose name `wanted` accepts
  // (only those are stat'ed); enters subdirectories when recursive. Returns
  // false when `inTime` said to stop (checked per directory and every 1024
  // entries).
  bool run(const NameFilter& wanted, const Visitor& visit, const InTime& inTime);
  // Before run(): which subdirectories to leave out.
  void limit(WalkLimits limits) { limits_ = std::move(limits); }
  // The subdirectories left out because they are on another filesystem.
  const std::vector<std::string>& skippedMounts() const { return skippedMounts_; }

  const std::vector<WalkedDirectory>& directories() const { return directories_; }
  // "a/b" for a subdirectory, "" for the root.
  std::string relativePath(std::uint32_t directory) const;
  // Opens a walked directory again by the same names, one openat(O_NOFOLLOW)
  // per level, and checks it is still the same directory (device, inode).
  // Returns an invalid fd and adds a problem when it is not.
  UniqueFd reopen(std::uint32_t directory);

 private:
  bool readDirectory(UniqueFd fd, std::uint32_t index, int depth);
  bool outOfTime();
  // Whether to enter subdirectory `name` of directory `index` (lstat `st`);
  // records a skipped mount.
  bool mayEnter(std::uint32_t index, std::string_view name, const struct stat& st);
  dev_t deviceOf(const struct stat& st) const;
  std::string describe(std::uint32_t directory, std::string_view name) const;

  int rootFd_;
  std::string rootPath_;
  bool recursive_;
  ProblemTally& problems_;
  std::vector<WalkedDirectory> directories_;
  WalkLimits limits_;
  dev_t rootDevice_ = 0;
  std::vector<std::string> skippedMounts_;
  const NameFilter* wanted_ = nullptr;
  const Visitor* visit_ = nullptr;
  const InTime* inTime_ = nullptr;
  std::uint64_t sinceCheck_ = 0;
  bool stopped_ = false;
};

// How a problem with one file reads: "vanished" for ENOENT, else strerror.
std::string describeFileError(int error);

// A file's mtime in nanoseconds since the epoch.
std::int64_t modifiedNs(const struct stat& status);

// open(2) of a directory that is not a symlink itself, for the walk's root.
UniqueFd openDirectoryNoFollow(int atFd, const char* name);

}  // namespace unyo::playbooks
