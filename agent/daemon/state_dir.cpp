#include "agent/daemon/state_dir.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace unyo::agent {

Expected<void> prepareStateDir(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return fail("state.dir " + dir.string() + ": cannot create: " + ec.message());
  // Owner and group only: run records hold command output.
  std::filesystem::permissions(dir, std::filesystem::perms::others_all,
                               std::filesystem::perm_options::remove, ec);
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    return fail("state.dir " + dir.string() + " is not writable: " + std::strerror(errno));
  }
  return {};
}

}  // namespace unyo::agent
