#pragma once

// statvfs(3) behind an interface, so tests can fake a hung NFS mount.

#include <cstdint>
#include <filesystem>

#include "base/error.h"

namespace unyo::collectors {

struct FilesystemUsage {
  double sizeBytes = 0;
  double freeBytes = 0;
  double availBytes = 0;
  double files = 0;
  double filesFree = 0;
  bool readOnly = false;
};

class StatFs {
 public:
  virtual ~StatFs() = default;
  // May block for as long as the kernel does; callers run it off the loop.
  virtual Expected<FilesystemUsage> stat(const std::filesystem::path& path) = 0;
};

class RealStatFs final : public StatFs {
 public:
  Expected<FilesystemUsage> stat(const std::filesystem::path& path) override;
};

}  // namespace unyo::collectors
