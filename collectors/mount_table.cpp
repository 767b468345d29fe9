#include "collectors/mount_table.h"

#include "collectors/proc_text.h"

namespace unyo::collectors {
namespace {

bool isOctal(char c) { return c >= '0' && c <= '7'; }

// The kernel writes space, tab, newline and backslash in mount points as
// \040, \011, \012 and \134.
std::string decodeMountPoint(std::string_view escaped) {
  std::string decoded;
  decoded.reserve(escaped.size());
  for (std::size_t i = 0; i < escaped.size(); ++i) {
    if (escaped[i] == '\\' && i + 3 < escaped.size() && isOctal(escaped[i + 1]) &&
        isOctal(escaped[i + 2]) && isOctal(escaped[i + 3])) {
      decoded += static_cast<char>((escaped[i + 1] - '0') * 64 + (escaped[i + 2] - '0') * 8 +
                                   (escaped[i + 3] - '0'));
      i += 3;
    } else {
      decoded += escaped[i];
    }
  }
  return decoded;
}

}  // namespace

Expected<std::vector<MountEntry>> parseMounts(std::string_view text) {
  std::vector<MountEntry> mounts;
  std::string_view line;
  while (popLine(text, line)) {
    std::string_view fields[4];
    const std::size_t count = splitFields(line, fields);
    if (count == 0) continue;
    if (count < 4) {
      return fail("malformed mount point information: \"" + std::string(line) + "\"");
    }
    mounts.push_back({fields[0], decodeMountPoint(fields[1]), fields[2], fields[3]});
  }
  return mounts;
}

MountTable::MountTable(const HostPaths& paths)
    : rootfs_(paths.rootfs), init_(paths.proc("1/mounts")), self_(paths.proc("self/mounts")) {}

Expected<bool> MountTable::refresh() {
  if (source_ != nullptr && !source_->changedSinceLastPoll()) return false;
  // PID 1's mounts are the host's; hidepid= can hide them from us.
  source_ = &init_;
  if (auto read = init_.read(text_); !read) {
    source_ = &self_;
    if (auto fallback = self_.read(text_); !fallback) {
      source_ = nullptr;
      entries_.clear();
      return std::unexpected(fallback.error());
    }
  }
  auto parsed = parseMounts(text_);
  if (!parsed) {
    source_ = nullptr;  // read it again next time rather than trust a bad parse
    entries_.clear();
    return fail("mounts: " + parsed.error().message);
  }
  entries_ = std::move(*parsed);
  for (auto& entry : entries_) entry.mountPoint = hostMountPoint(std::move(entry.mountPoint));
  return true;
}

std::string MountTable::hostMountPoint(std::string mountPoint) const {
  std::string root = rootfs_.string();
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  if (root.empty() || root == "/" || !mountPoint.starts_with(root)) return mountPoint;
  if (mountPoint.size() == root.size()) return "/";
  if (mountPoint[root.size()] != '/') return mountPoint;
  return mountPoint.substr(root.size());
}

}  // namespace unyo::collectors
