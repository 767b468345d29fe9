#include "collectors/proc_file.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <poll.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace unyo::collectors {

ProcFile::~ProcFile() { close(); }

ProcFile::ProcFile(ProcFile&& other) noexcept
    : path_(std::move(other.path_)),
      fd_(std::exchange(other.fd_, -1)),
      onProcfs_(other.onProcfs_) {}

ProcFile& ProcFile::operator=(ProcFile&& other) noexcept {
  if (this != &other) {
    close();
    path_ = std::move(other.path_);
    fd_ = std::exchange(other.fd_, -1);
    onProcfs_ = other.onProcfs_;
  }
  return *this;
}

void ProcFile::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

Expected<void> ProcFile::read(std::string& buffer) {
  if (fd_ < 0) {
    fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) return fail(path_.string() + ": " + std::strerror(errno));
    struct statfs fs {};
    onProcfs_ = ::fstatfs(fd_, &fs) == 0 && fs.f_type == PROC_SUPER_MAGIC;
  }
  buffer.clear();
  std::size_t used = 0;
  for (;;) {
    if (buffer.size() - used < 4096) buffer.resize(used + 8192);
    const ssize_t n =
        ::pread(fd_, buffer.data() + used, buffer.size() - used, static_cast<off_t>(used));
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      close();
      buffer.clear();
      return fail(path_.string() + ": " + std::strerror(err));
    }
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
  }
  buffer.resize(used);
  return {};
}

bool ProcFile::changedSinceLastPoll() {
  if (fd_ < 0 || !onProcfs_) return true;
  pollfd p{fd_, POLLPRI, 0};
  if (::poll(&p, 1, 0) < 0) return true;
  return (p.revents & (POLLPRI | POLLERR)) != 0;
}

}  // namespace unyo::collectors
