#include "playbooks/state/file_tail.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "base/unique_fd.h"

namespace unyo::playbooks {

Expected<std::optional<std::string>> readFileTail(const std::filesystem::path& path,
                                                  std::size_t maxBytes) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd.valid()) {
    if (errno == ENOENT) return std::optional<std::string>();
    return fail(systemErrorText(path, "open", errno));
  }
  struct stat st{};
  if (::fstat(fd.get(), &st) != 0) return fail(systemErrorText(path, "fstat", errno));
  const auto size = static_cast<std::size_t>(st.st_size);
  const std::size_t start = size > maxBytes ? size - maxBytes : 0;
  std::string text(size - start, '\0');
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::pread(fd.get(), text.data() + done, text.size() - done,
                              static_cast<off_t>(start + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(systemErrorText(path, "read", errno));
    if (n == 0) break;  // the file shrank (compacted) meanwhile
    done += static_cast<std::size_t>(n);
  }
  text.resize(done);
  if (start > 0) {
    // The cut most likely fell inside a line: drop it, unless it fell just after a newline.
    char before = '\0';
    if (::pread(fd.get(), &before, 1, static_cast<off_t>(start - 1)) != 1 || before != '\n') {
      const auto newline = text.find('\n');
      text.erase(0, newline == std::string::npos ? text.size() : newline + 1);
    }
  }
  return std::optional<std::string>(std::move(text));
}

}  // namespace unyo::playbooks
