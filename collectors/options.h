#pragma once

// Everything the collectors part takes from the config file's `collectors:`
// section; the agent fills it in, no collector reads the config itself.

#include <chrono>
#include <string>
#include <vector>

#include "base/host_paths.h"

namespace unyo::collectors {

struct FilesystemOptions {
  // node_exporter's defaults, so both report the same filesystems.
  std::string excludeMountPoints = "^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+)($|/)";
  std::string excludeFsTypes =
      "^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|"
      "iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|"
      "sysfs|tracefs)$";
  // statfs on a hung mount (dead NFS server) blocks; past this the mount is
  // reported with node_filesystem_device_error 1 and skipped until it answers.
  std::chrono::milliseconds mountTimeout{5000};
};

struct DiskstatsOptions {
  // Partitions and virtual devices, as node_exporter excludes them.
  std::string excludeDevices = "^(ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\\d+n\\d+p)\\d+$";
};

struct NetdevOptions {
  std::string excludeDevices;  // empty: every interface, as node_exporter
};

struct ServicesOptions {
  std::vector<std::string> include = {"*.service"};
  std::vector<std::string> exclude;
};

struct Options {
  std::chrono::milliseconds interval{15000};
  std::chrono::milliseconds minInterval{1000};
  HostPaths paths;
  std::vector<std::string> disabled;  // collector names switched off
  FilesystemOptions filesystem;
  DiskstatsOptions diskstats;
  NetdevOptions netdev;
  ServicesOptions services;
};

}  // namespace unyo::collectors
