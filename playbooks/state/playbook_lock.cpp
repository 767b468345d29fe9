// PlaybookLock: an flock on locks/NAME.lock for as long as a run executes.

#include "playbooks/state/playbook_lock.h"

#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <utility>

#include "base/atomic_file.h"
#include "base/file_lock.h"

namespace unyo::playbooks {
namespace {

// The name becomes a file name: nothing that could leave locks/.
bool isSafeFileName(const std::string& name) {
  return !name.empty() && name != "." && name != ".." &&
         name.find_first_of(std::string_view("/\0", 2)) == std::string::npos;
}

}  // namespace

Expected<std::optional<PlaybookLock>> PlaybookLock::tryAcquire(
    const std::filesystem::path& stateDir, const std::string& playbook) {
  if (!isSafeFileName(playbook))
    return fail("playbook name \"" + playbook + "\" cannot name a lock file");
  const auto dir = stateDir / "locks";
  if (auto created = ensureDirectory(dir); !created) return std::unexpected(created.error());
  const auto path = dir / (playbook + ".lock");
  auto fd = openLockFile(path);
  if (!fd) return std::unexpected(fd.error());
  // A separate open file description per call: a second tryAcquire in this
  // process conflicts with the first, as one from another process does.
  while (::flock(fd->get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) return std::optional<PlaybookLock>();
    if (errno != EINTR) return fail(systemErrorText(path, "cannot lock", errno));
  }
  // Who holds it, for an operator wondering why runs are skipped; the lock
  // itself is the flock, so failing to write this changes nothing.
  if (::ftruncate(fd->get(), 0) == 0) {
    const std::string pid = std::to_string(::getpid()) + "\n";
    const ssize_t written = ::pwrite(fd->get(), pid.data(), pid.size(), 0);
    static_cast<void>(written);
  }
  return std::optional<PlaybookLock>(PlaybookLock(fd->release()));
}

PlaybookLock::PlaybookLock(PlaybookLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

PlaybookLock& PlaybookLock::operator=(PlaybookLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

PlaybookLock::~PlaybookLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace unyo::playbooks
