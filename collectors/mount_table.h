#pragma once

// The host's mount table: procfs/1/mounts (procfs/self/mounts when PID 1 is
// hidden), parsed once and re-read only when the kernel says it changed
// (poll on a /proc mounts file reports POLLPRI after a mount or unmount).
// Rendering the table is one of the dearest reads of a sample; mounts
// rarely change.

#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "base/host_paths.h"
#include "collectors/proc_file.h"

namespace unyo::collectors {

struct MountEntry {
  std::string_view device;  // views into the table's text
  std::string mountPoint;   // octal escapes decoded; as the host sees it (rootfs prefix removed)
  std::string_view fsType;
  std::string_view options;  // "rw,relatime,..."
};

// The lines of a mounts file (fstab format). A line with fewer than four
// fields fails the whole parse, as in node_exporter.
Expected<std::vector<MountEntry>> parseMounts(std::string_view text);

class MountTable {
 public:
  explicit MountTable(const HostPaths& paths);
  MountTable(const MountTable&) = delete;
  MountTable& operator=(const MountTable&) = delete;

  // Re-reads the table if it may have changed; true when it was re-read.
  Expected<bool> refresh();
  const std::vector<MountEntry>& entries() const { return entries_; }

 private:
  // As node_exporter's rootfsStripPrefix: with --path.rootfs=/host, a
  // mounts file seen from inside a container lists the host's / as /host.
  std::string hostMountPoint(std::string mountPoint) const;

  std::filesystem::path rootfs_;
  ProcFile init_;
  ProcFile self_;
  ProcFile* source_ = nullptr;  // the one last read successfully
  std::string text_;
  std::vector<MountEntry> entries_;
};

}  // namespace unyo::collectors
