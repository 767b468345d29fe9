#include "collectors/statfs.h"

#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>

namespace unyo::collectors {

Expected<FilesystemUsage> RealStatFs::stat(const std::filesystem::path& path) {
  struct statvfs st {};
  if (::statvfs(path.c_str(), &st) != 0) {
    return fail("statvfs " + path.string() + ": " + std::strerror(errno));
  }
  const double frsize = static_cast<double>(st.f_frsize);
  FilesystemUsage usage;
  usage.sizeBytes = static_cast<double>(st.f_blocks) * frsize;
  usage.freeBytes = static_cast<double>(st.f_bfree) * frsize;
  usage.availBytes = static_cast<double>(st.f_bavail) * frsize;
  usage.files = static_cast<double>(st.f_files);
  usage.filesFree = static_cast<double>(st.f_ffree);
  usage.readOnly = (st.f_flag & ST_RDONLY) != 0;
  return usage;
}

}  // namespace unyo::collectors
