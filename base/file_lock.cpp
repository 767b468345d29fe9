#include "base/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace unyo {

Expected<UniqueFd> openLockFile(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0640);
  if (fd < 0) return fail(systemErrorText(path, "cannot open lock file", errno));
  return UniqueFd(fd);
}

Expected<ExclusiveFileLock> ExclusiveFileLock::acquire(const std::filesystem::path& lockFile) {
  auto fd = openLockFile(lockFile);
  if (!fd) return std::unexpected(fd.error());
  while (::flock(fd->get(), LOCK_EX) != 0) {
    if (errno != EINTR) return fail(systemErrorText(lockFile, "cannot lock", errno));
  }
  return ExclusiveFileLock(std::move(*fd));
}

}  // namespace unyo
