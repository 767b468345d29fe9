#pragma once

// A kernel-generated file (procfs, sysfs) kept open between samples. Each
// read() starts again at offset 0, where the kernel renders fresh text, so a
// sample costs one pread instead of a path lookup, an open and a close
// (about 5 us a file on a small VM, 16 files a cycle).
//
// Only for files the kernel writes: a regular file replaced on disk (a new
// inode) would keep reading the old one. After a failed read the file is
// closed and the next read opens the path again.

#include <filesystem>
#include <string>

#include "base/error.h"

namespace unyo::collectors {

class ProcFile {
 public:
  explicit ProcFile(std::filesystem::path path) : path_(std::move(path)) {}
  ~ProcFile();
  ProcFile(ProcFile&& other) noexcept;
  ProcFile& operator=(ProcFile&& other) noexcept;
  ProcFile(const ProcFile&) = delete;
  ProcFile& operator=(const ProcFile&) = delete;

  // The whole current content into `buffer` (reused across calls).
  Expected<void> read(std::string& buffer);

  // For files the kernel flags with POLLPRI when their content changes
  // (/proc/<pid>/mounts): false only when the kernel says it has not changed
  // since the previous call. A file not open yet, or not on procfs, always
  // counts as changed.
  bool changedSinceLastPoll();

  const std::filesystem::path& path() const { return path_; }

 private:
  void close();

  std::filesystem::path path_;
  int fd_ = -1;
  bool onProcfs_ = false;
};

}  // namespace unyo::collectors
