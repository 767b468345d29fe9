#include "base/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "base/file_lock.h"

namespace unyo {
namespace {

// A temp file beside `target` (flushed when asked), removed again unless kept.
class TempFile {
 public:
  ~TempFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  const std::filesystem::path& path() const { return path_; }
  void keep() { path_.clear(); }

  Expected<void> write(const std::filesystem::path& target, std::string_view contents,
                       Durability durability = Durability::onDisk) {
    std::string pattern = target.string() + ".tmp.XXXXXX";
    UniqueFd fd(::mkostemp(pattern.data(), O_CLOEXEC));
    if (!fd.valid()) return fail(systemErrorText(pattern, "cannot create temp file", errno));
    path_ = pattern;
    // mkostemp creates 0600; the state directory is shared with the group.
    if (::fchmod(fd.get(), 0640) != 0) return fail(systemErrorText(path_, "chmod", errno));
    if (auto written = writeAll(fd.get(), contents, path_); !written) return written;
    if (durability == Durability::onDisk && ::fsync(fd.get()) != 0) {
      return fail(systemErrorText(path_, "fsync", errno));
    }
    if (::close(fd.release()) != 0) return fail(systemErrorText(path_, "close", errno));
    return {};
  }

 private:
  std::filesystem::path path_;
};

std::filesystem::path directoryOf(const std::filesystem::path& path) {
  return path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
}

}  // namespace

Expected<void> ensureDirectory(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return fail(dir.string() + ": cannot create directory: " + ec.message());
  return {};
}

Expected<std::string> readAll(int fd, const std::filesystem::path& path) {
  std::string text;
  std::size_t used = 0;
  for (;;) {
    if (text.size() - used < 4096) text.resize(used + 65536);
    const ssize_t n = ::read(fd, text.data() + used, text.size() - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(systemErrorText(path, "cannot read", errno));
    }
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
  }
  text.resize(used);
  return text;
}

Expected<std::optional<std::string>> readFileIfExists(const std::filesystem::path& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd.valid()) {
    if (errno == ENOENT) return std::optional<std::string>();
    return fail(systemErrorText(path, "cannot open", errno));
  }
  auto text = readAll(fd.get(), path);
  if (!text) return std::unexpected(text.error());
  return std::optional<std::string>(std::move(*text));
}

Expected<void> writeAll(int fd, std::string_view data, const std::filesystem::path& path) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(systemErrorText(path, "cannot write", errno));
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

Expected<void> replaceFileAtomically(const std::filesystem::path& path, std::string_view contents,
                                     Durability durability) {
  TempFile temp;
  if (auto written = temp.write(path, contents, durability); !written) return written;
  if (::rename(temp.path().c_str(), path.c_str()) != 0) {
    return fail(systemErrorText(path, "cannot rename " + temp.path().string() + " over", errno));
  }
  temp.keep();
  if (durability == Durability::pageCache) return {};
  return syncDirectory(directoryOf(path));
}

Expected<bool> createFileAtomically(const std::filesystem::path& path, std::string_view contents) {
  TempFile temp;
  if (auto written = temp.write(path, contents); !written) return std::unexpected(written.error());
  // link(2), unlike rename(2), refuses to replace an existing file.
  if (::link(temp.path().c_str(), path.c_str()) != 0) {
    if (errno == EEXIST) return false;
    return fail(systemErrorText(path, "cannot link " + temp.path().string() + " to", errno));
  }
  if (auto synced = syncDirectory(directoryOf(path)); !synced) {
    return std::unexpected(synced.error());
  }
  return true;
}

Expected<void> syncDirectory(const std::filesystem::path& dir) {
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) return fail(systemErrorText(dir, "cannot open directory", errno));
  if (::fsync(fd.get()) != 0) return fail(systemErrorText(dir, "fsync", errno));
  return {};
}

}  // namespace unyo
