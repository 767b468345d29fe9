#include "base/host_paths.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace unyo {

std::filesystem::path HostPaths::root(std::string_view hostPath) const {
  if (rootfs == "/" || rootfs.empty()) return std::filesystem::path(hostPath);
  while (!hostPath.empty() && hostPath.front() == '/') hostPath.remove_prefix(1);
  if (hostPath.empty()) return rootfs;  // the host's "/" is rootfs itself, not "rootfs/"
  return rootfs / hostPath;
}

Expected<void> readFileInto(const std::filesystem::path& path, std::string& buffer) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(path.string() + ": " + std::strerror(errno));
  buffer.clear();
  std::size_t used = 0;
  for (;;) {
    if (buffer.size() - used < 4096) buffer.resize(used + 8192);
    const ssize_t n = ::read(fd, buffer.data() + used, buffer.size() - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      buffer.clear();
      return fail(path.string() + ": " + std::strerror(err));
    }
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
  }
  ::close(fd);
  buffer.resize(used);
  return {};
}

Expected<std::string> readFileText(const std::filesystem::path& path) {
  std::string text;
  if (auto r = readFileInto(path, text); !r) return std::unexpected(r.error());
  return text;
}

}  // namespace unyo
