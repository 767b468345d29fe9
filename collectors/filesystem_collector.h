#pragma once

// Filesystem space and inodes, as node_exporter 1.5's filesystem collector:
// node_filesystem_{size,free,avail}_bytes, _files, _files_free, _readonly
// and _device_error, labelled {device,fstype,mountpoint}, for the mounts of
// procfs/1/mounts (procfs/self/mounts when PID 1 is hidden) that the
// exclude patterns let through.
//
// statfs on a local disk filesystem (ext4, xfs, btrfs, ...) answers from
// in-memory counters and runs inline. Every other type (nfs, cifs, fuse, an
// autofs trigger, anything unknown) can block for as long as its server is
// away, so it runs on a small BlockingPool and collect() waits at most
// options.mountTimeout. A mount whose statfs has not returned by then is
// reported with device_error 1 and becomes "stuck": it is not queried again,
// and keeps reporting device_error 1, until that statfs returns. (Handing a
// call to another thread costs a wake-up, about 50 us of CPU on a small VM,
// which is why local filesystems do not.)

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/blocking_pool.h"
#include "base/host_paths.h"
#include "base/logger.h"
#include "collectors/collector.h"
#include "collectors/exclude_filter.h"
#include "collectors/mount_table.h"
#include "collectors/options.h"
#include "collectors/statfs.h"

namespace unyo::collectors {

struct CollectorContext;

// Whether statfs on this filesystem type is served from memory and cannot
// wait on a device or a server: an allow-list, so an unknown type is not.
bool statfsCannotBlock(std::string_view fsType);

class FilesystemCollector final : public Collector {
 public:
  // `pool` is shared so tests can wait for a released statfs to return.
  FilesystemCollector(const HostPaths& paths, const FilesystemOptions& options, StatFs& statFs,
                      Logger& log, std::shared_ptr<BlockingPool> pool);

  Expected<void> collect(Families& out) override;
  // True while the mounts include network filesystems that are not stuck:
  // their statfs goes to the pool and collect() waits for it.
  bool mayBlock() const override { return expectNetworkMounts_; }

  // Mount points whose statfs outlived its timeout and has not returned yet.
  std::vector<std::string> stuckMountPoints() const;

 private:
  struct Probe;  // one statfs call, shared with the pool thread that makes it

  void statAll(const std::vector<std::pair<std::string_view, std::shared_ptr<Probe>>>& queued);
  void selectMounts();
  void forgetRecoveredMounts();

  // A mount the exclude patterns let through, prepared once per mount table.
  struct SelectedMount {
    std::string mountPoint;
    bool readOnlyOption = false;  // "ro" among the mount options
    bool statfsCannotBlock = false;
    Labels labels;  // device, fstype, mountpoint
  };

  HostPaths paths_;
  MountTable mounts_;
  std::vector<SelectedMount> selected_;
  std::chrono::milliseconds timeout_;
  StatFs& statFs_;
  Logger& log_;
  std::shared_ptr<BlockingPool> pool_;
  ExcludeFilter excludeMountPoints_;
  ExcludeFilter excludeFsTypes_;
  std::string configError_;
  // Until the mounts have been read once, assume the worst.
  bool expectNetworkMounts_ = true;
  // Mount points whose statfs is still blocked, by mount point.
  std::map<std::string, std::shared_ptr<Probe>, std::less<>> stuck_;
};

std::unique_ptr<Collector> makeFilesystemCollector(const CollectorContext& context);

}  // namespace unyo::collectors
