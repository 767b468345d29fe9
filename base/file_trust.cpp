#include "base/file_trust.h"

#include <sys/stat.h>

#include <cerrno>
#include <string>

namespace unyo {
namespace {

Expected<void> checkOne(const std::filesystem::path& path, const std::string& what) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return fail(systemErrorText(path, "cannot check", errno));
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    return fail(what + " " + path.string() +
                    " is writable by group or others, and unyo runs as root what it says; "
                    "fix: chmod go-w " + path.string(),
                ErrorKind::invalid);
  }
  if (st.st_uid != 0) {
    return fail(what + " " + path.string() + " is owned by uid " + std::to_string(st.st_uid) +
                    ", not root, and unyo runs as root what it says; fix: chown root " +
                    path.string(),
                ErrorKind::invalid);
  }
  return {};
}

}  // namespace

Expected<void> checkTrustedPath(const std::filesystem::path& path, uid_t euid) {
  if (euid != 0) return {};
  std::error_code ec;
  const auto real = std::filesystem::canonical(path, ec);
  if (ec) return fail(path.string() + ": cannot resolve: " + ec.message());
  const bool folder = std::filesystem::is_directory(real, ec);
  if (auto self = checkOne(real, folder ? "folder" : "file"); !self) {
    return std::unexpected(self.error());
  }
  if (folder) return {};
  return checkOne(real.parent_path(), "folder");
}

}  // namespace unyo
