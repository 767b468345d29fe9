#include "collectors/filesystem_collector.h"

#include <atomic>
#include <set>
#include <tuple>
#include <unordered_map>

#include "collectors/proc_text.h"
#include "collectors/registry.h"

namespace unyo::collectors {
namespace {

// Enough for the usual handful of mounts to be stat'ed in parallel; few
// enough that a host with several dead NFS servers cannot eat threads.
constexpr std::size_t kPoolThreads = 4;

bool hasOption(std::string_view options, std::string_view wanted) {
  while (!options.empty()) {
    const std::size_t comma = options.find(',');
    if (options.substr(0, comma) == wanted) return true;
    if (comma == std::string_view::npos) break;
    options.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

struct FilesystemCollector::Probe {
  std::filesystem::path path;
  Expected<FilesystemUsage> result = fail("statfs did not run");
  std::atomic<bool> started{false};  // set by the pool thread before it calls statfs
  std::atomic<bool> done{false};     // set by the pool thread once `result` is written
  bool finishedInTime = false;       // set by collect() once it has seen `done`
};

FilesystemCollector::FilesystemCollector(const HostPaths& paths, const FilesystemOptions& options,
                                         StatFs& statFs, Logger& log,
                                         std::shared_ptr<BlockingPool> pool)
    : paths_(paths),
      mounts_(paths),
      timeout_(options.mountTimeout),
      statFs_(statFs),
      log_(log),
      pool_(std::move(pool)) {
  auto mountPoints = ExcludeFilter::compile(options.excludeMountPoints);
  auto fsTypes = ExcludeFilter::compile(options.excludeFsTypes);
  if (!mountPoints) {
    configError_ = "filesystem exclude_mount_points: " + mountPoints.error().message;
  } else if (!fsTypes) {
    configError_ = "filesystem exclude_fs_types: " + fsTypes.error().message;
  } else {
    excludeMountPoints_ = std::move(*mountPoints);
    excludeFsTypes_ = std::move(*fsTypes);
  }
}

Expected<void> FilesystemCollector::collect(Families& out) {
  if (!configError_.empty()) return fail(configError_);
  auto changed = mounts_.refresh();
  if (!changed) return std::unexpected(changed.error());
  if (*changed) selectMounts();
  forgetRecoveredMounts();

  // One statfs per mount point: over-mounted entries share the top one's
  // numbers, which is also what node_exporter's separate calls return.
  std::unordered_map<std::string_view, std::shared_ptr<Probe>> probes;
  std::vector<std::pair<std::string_view, std::shared_ptr<Probe>>> queued;
  for (const SelectedMount& mount : selected_) {
    if (probes.contains(mount.mountPoint) || stuck_.contains(mount.mountPoint)) continue;
    auto probe = std::make_shared<Probe>();
    probe->path = paths_.root(mount.mountPoint);
    if (mount.statfsCannotBlock) {
      probe->result = statFs_.stat(probe->path);
      probe->finishedInTime = true;
    } else {
      queued.emplace_back(mount.mountPoint, probe);
    }
    probes.emplace(mount.mountPoint, std::move(probe));
  }
  // A caller told by mayBlock() that nothing would wait must not be made to
  // wait: network mounts that appeared since are left out of this cycle (no
  // series rather than a false device_error), and the next cycle, which the
  // caller runs where waiting is fine, stats them.
  const bool mayWait = expectNetworkMounts_;
  expectNetworkMounts_ = !queued.empty();
  std::set<std::string_view> deferred;
  if (mayWait) {
    statAll(queued);
  } else {
    for (const auto& entry : queued) deferred.insert(entry.first);
  }

  auto size = gaugeFamily("node_filesystem_size_bytes", "Filesystem size in bytes.");
  auto free = gaugeFamily("node_filesystem_free_bytes", "Filesystem free space in bytes.");
  auto avail = gaugeFamily("node_filesystem_avail_bytes",
                           "Filesystem space available to non-root users in bytes.");
  auto files = gaugeFamily("node_filesystem_files", "Filesystem total file nodes.");
  auto filesFree = gaugeFamily("node_filesystem_files_free", "Filesystem total free file nodes.");
  auto readOnly = gaugeFamily("node_filesystem_readonly", "Filesystem read-only status.");
  auto deviceError =
      gaugeFamily("node_filesystem_device_error",
                  "Whether an error occurred while getting statistics for the given device.");
  for (const SelectedMount& mount : selected_) {
    if (deferred.contains(mount.mountPoint)) continue;
    const Labels& labels = mount.labels;
    // No probe: stuck since an earlier cycle. A probe that did not finish in
    // time may still be written by its thread: only finished ones are read.
    const auto found = probes.find(mount.mountPoint);
    const Probe* probe = found == probes.end() ? nullptr : found->second.get();
    if (probe == nullptr || !probe->finishedInTime || !probe->result) {
      if (probe != nullptr && probe->finishedInTime) {
        log_.debug("statfs failed",
                   {{"mountpoint", mount.mountPoint}, {"err", probe->result.error().message}});
      }
      addSample(deviceError, 1, labels);
      continue;
    }
    const FilesystemUsage& usage = *probe->result;
    addSample(size, usage.sizeBytes, labels);
    addSample(free, usage.freeBytes, labels);
    addSample(avail, usage.availBytes, labels);
    addSample(files, usage.files, labels);
    addSample(filesFree, usage.filesFree, labels);
    addSample(readOnly, mount.readOnlyOption || usage.readOnly ? 1 : 0, labels);
    addSample(deviceError, 0, labels);
  }
  for (auto* family : {&size, &free, &avail, &files, &filesFree, &readOnly, &deviceError}) {
    if (!family->metric.empty()) out.push_back(std::move(*family));
  }
  return {};
}

void FilesystemCollector::selectMounts() {
  // node_exporter reports a {device, mountpoint, fstype} once even when
  // mounts lists it twice; the first one wins. (It also keys on the options,
  // which makes a remount with other options a duplicate series there.)
  std::set<std::tuple<std::string_view, std::string_view, std::string_view>> seen;
  selected_.clear();
  for (const MountEntry& mount : mounts_.entries()) {
    if (excludeMountPoints_.excludes(mount.mountPoint)) continue;
    if (excludeFsTypes_.excludes(mount.fsType)) continue;
    if (!seen.emplace(mount.device, mount.mountPoint, mount.fsType).second) continue;
    selected_.push_back({mount.mountPoint,
                         hasOption(mount.options, "ro"),
                         statfsCannotBlock(mount.fsType),
                         {{"device", std::string(mount.device)},
                          {"fstype", std::string(mount.fsType)},
                          {"mountpoint", mount.mountPoint}}});
  }
}

void FilesystemCollector::statAll(
    const std::vector<std::pair<std::string_view, std::shared_ptr<Probe>>>& queued) {
  if (queued.empty()) return;
  // One pool job stats the mounts in turn: one thread wake-up per cycle
  // rather than one per mount. When a mount hangs, the mounts queued after
  // it report device_error for this cycle only; from the next cycle the hung
  // one is skipped and the rest go to a free thread.
  std::vector<std::shared_ptr<Probe>> batch;
  for (const auto& entry : queued) batch.push_back(entry.second);
  std::vector<std::function<void()>> job;
  job.push_back([batch = std::move(batch), &statFs = statFs_] {
    for (const auto& probe : batch) {
      probe->started.store(true, std::memory_order_release);
      probe->result = statFs.stat(probe->path);
      probe->done.store(true, std::memory_order_release);
    }
  });
  const auto outcome = pool_->runAll(std::move(job), timeout_).front();

  for (const auto& [mountPoint, probe] : queued) {
    if (probe->done.load(std::memory_order_acquire)) {
      probe->finishedInTime = true;
    } else if (probe->started.load(std::memory_order_acquire)) {
      log_.warn("statfs timed out; mount point not queried again until it returns",
                {{"mountpoint", mountPoint}, {"timeout_ms", timeout_.count()}});
      stuck_.emplace(std::string(mountPoint), probe);
    } else if (outcome == BlockingPool::Outcome::notStarted) {
      // Every thread is held by a stuck mount, each already logged once.
      log_.debug("no free thread for statfs; mount point skipped this time",
                 {{"mountpoint", mountPoint}, {"busy_threads", pool_->busyThreads()}});
    }
  }
}

std::vector<std::string> FilesystemCollector::stuckMountPoints() const {
  std::vector<std::string> mountPoints;
  for (const auto& [mountPoint, probe] : stuck_) {
    if (!probe->done.load(std::memory_order_acquire)) mountPoints.push_back(mountPoint);
  }
  return mountPoints;
}

void FilesystemCollector::forgetRecoveredMounts() {
  for (auto it = stuck_.begin(); it != stuck_.end();) {
    if (it->second->done.load(std::memory_order_acquire)) {
      log_.info("statfs returned; mount point queried again", {{"mountpoint", it->first}});
      it = stuck_.erase(it);
    } else {
      ++it;
    }
  }
}

bool statfsCannotBlock(std::string_view fsType) {
  // Disk filesystems whose statfs reads superblock counters kept in memory,
  // and memory-backed ones.
  static constexpr std::string_view kFromMemory[] = {
      "ext2", "ext3",     "ext4",  "xfs",   "btrfs",    "f2fs",      "vfat",     "exfat",
      "jfs",  "reiserfs", "tmpfs", "ramfs", "devtmpfs", "hugetlbfs", "squashfs", "iso9660"};
  for (std::string_view local : kFromMemory) {
    if (fsType == local) return true;
  }
  return false;
}

std::unique_ptr<Collector> makeFilesystemCollector(const CollectorContext& context) {
  return std::make_unique<FilesystemCollector>(context.options.paths, context.options.filesystem,
                                               context.statFs, context.log,
                                               std::make_shared<BlockingPool>(kPoolThreads));
}

}  // namespace unyo::collectors
