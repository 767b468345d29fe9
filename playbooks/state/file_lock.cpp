#include "playbooks/state/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace unyo::playbooks {

UniqueFd::UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    reset();
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

UniqueFd::~UniqueFd() { reset(); }

int UniqueFd::release() { return std::exchange(fd_, -1); }

void UniqueFd::reset() {
  if (fd_ >= 0) ::close(std::exchange(fd_, -1));
}

std::string systemErrorText(const std::filesystem::path& path, std::string_view what, int err) {
  return path.string() + ": " + std::string(what) + ": " + std::strerror(err);
}

Expected<UniqueFd> openLockFile(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640);
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

}  // namespace unyo::playbooks
