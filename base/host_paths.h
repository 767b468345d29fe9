#pragma once

// Where the host's procfs, sysfs and root filesystem are. Tests point these
// at fixture trees (tests/fixtures/proc, tests/fixtures/sys); a containerised
// agent points them at the host's mounts, like node_exporter's --path.*.

#include <filesystem>
#include <string>
#include <string_view>

#include "base/error.h"

namespace unyo {

struct HostPaths {
  std::filesystem::path procfs = "/proc";
  std::filesystem::path sysfs = "/sys";
  std::filesystem::path rootfs = "/";

  std::filesystem::path proc(std::string_view relative) const { return procfs / relative; }
  std::filesystem::path sys(std::string_view relative) const { return sysfs / relative; }
  // A host path (absolute, as seen on the host) under rootfs.
  std::filesystem::path root(std::string_view hostPath) const;
};

// Reads a whole file. Works for procfs files, which report size 0.
Expected<std::string> readFileText(const std::filesystem::path& path);

// Same, into `buffer` (reused across calls to avoid an allocation per read).
Expected<void> readFileInto(const std::filesystem::path& path, std::string& buffer);

}  // namespace unyo
