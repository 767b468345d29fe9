#include "agent/daemon/state_dir.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace unyo::agent {
namespace {

std::string where(const std::filesystem::path& dir) { return "state.dir " + dir.string(); }

}  // namespace

Expected<void> prepareStateDir(const std::filesystem::path& dir) {
  std::error_code ec;
  const bool existed = std::filesystem::exists(std::filesystem::symlink_status(dir, ec));
  std::filesystem::create_directories(dir, ec);
  if (ec) return fail(where(dir) + ": cannot create: " + ec.message());
  if (!existed && ::chmod(dir.c_str(), 0700) != 0) {
    return fail(where(dir) + ": cannot make it private: " + std::strerror(errno));
  }

  struct stat st {};
  if (::lstat(dir.c_str(), &st) != 0) {
    return fail(where(dir) + ": " + std::strerror(errno));
  }
  if (S_ISLNK(st.st_mode)) {
    return fail(where(dir) + " is a symbolic link; point state.dir at the real directory");
  }
  if (!S_ISDIR(st.st_mode)) return fail(where(dir) + " is not a directory");
  const uid_t me = ::geteuid();
  if (st.st_uid != me) {
    return fail(where(dir) + " is owned by uid " + std::to_string(st.st_uid) +
                ", not by the agent's user (uid " + std::to_string(me) + "); fix: chown " +
                std::to_string(me) + " " + dir.string());
  }
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    return fail(where(dir) + " is writable by group or others; fix: chmod 0700 " + dir.string());
  }
  // Others never read run records (they hold command output); an existing
  // directory loses their access, a group that may read keeps it.
  if ((st.st_mode & S_IRWXO) != 0 && ::chmod(dir.c_str(), st.st_mode & 0750) != 0) {
    return fail(where(dir) + ": cannot close it to others: " + std::strerror(errno));
  }
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    return fail(where(dir) + " is not writable: " + std::strerror(errno));
  }
  return {};
}

}  // namespace unyo::agent
