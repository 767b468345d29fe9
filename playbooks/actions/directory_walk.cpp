// A directory tree walked by file descriptors (declared in directory_walk.h).

#include "playbooks/actions/directory_walk.h"

#include <dirent.h>
#include <fcntl.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace unyo::playbooks {
namespace {

constexpr std::uint64_t kEntriesPerTimeCheck = 1024;

struct DirCloser {
  void operator()(DIR* dir) const { ::closedir(dir); }
};

bool isDotOrDotDot(const char* name) {
  return name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'));
}

}  // namespace

std::string describeFileError(int error) {
  if (error == ENOENT) return "vanished";
  return std::strerror(error);
}

void ProblemTally::add(std::string problem) {
  ++count_;
  if (first_.size() < kKept) first_.push_back(std::move(problem));
}

std::int64_t modifiedNs(const struct stat& status) {
  return static_cast<std::int64_t>(status.st_mtim.tv_sec) * 1'000'000'000 +
         static_cast<std::int64_t>(status.st_mtim.tv_nsec);
}

UniqueFd openDirectoryNoFollow(int atFd, const char* name) {
  return UniqueFd(::openat(atFd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
}

bool crossesFilesystem(const WalkLimits& limits, dev_t rootDevice, dev_t device) {
  return limits.oneFilesystem && device != rootDevice;
}

DirectoryWalk::DirectoryWalk(int rootFd, std::string rootPath, bool recursive,
                             ProblemTally& problems)
    : rootFd_(rootFd), rootPath_(std::move(rootPath)), recursive_(recursive), problems_(problems) {}

bool DirectoryWalk::run(const NameFilter& wanted, const Visitor& visit, const InTime& inTime) {
  wanted_ = &wanted;
  visit_ = &visit;
  inTime_ = &inTime;
  directories_.clear();
  skippedMounts_.clear();
  stopped_ = false;
  UniqueFd root = openDirectoryNoFollow(rootFd_, ".");
  struct stat st {};
  if (!root.valid() || ::fstat(root.get(), &st) != 0) {
    problems_.add(rootPath_ + ": " + describeFileError(errno));
    return true;
  }
  rootDevice_ = deviceOf(st);
  directories_.push_back({WalkedDirectory::kNoParent, "", st.st_dev, st.st_ino, 0});
  readDirectory(std::move(root), 0, 0);
  return !stopped_;
}

dev_t DirectoryWalk::deviceOf(const struct stat& st) const {
  return limits_.deviceOf ? limits_.deviceOf(st) : st.st_dev;
}

bool DirectoryWalk::mayEnter(std::uint32_t index, std::string_view name, const struct stat& st) {
  if (limits_.skipHiddenDirectories && name.starts_with('.')) return false;
  if (!crossesFilesystem(limits_, rootDevice_, deviceOf(st))) return true;
  skippedMounts_.push_back(describe(index, name));
  return false;
}

bool DirectoryWalk::outOfTime() {
  if ((*inTime_)()) return false;
  stopped_ = true;
  return true;
}

bool DirectoryWalk::readDirectory(UniqueFd fd, std::uint32_t index, int depth) {
  if (outOfTime()) return false;
  const int dirFd = fd.get();
  std::unique_ptr<DIR, DirCloser> dir(::fdopendir(dirFd));
  if (!dir) {
    problems_.add(describe(index, "") + ": " + describeFileError(errno));
    return true;
  }
  fd.release();  // the DIR owns it now
  std::uint32_t entries = 0;
  while (true) {
    errno = 0;
    const dirent* entry = ::readdir(dir.get());
    if (entry == nullptr) {
      if (errno != 0) problems_.add(describe(index, "") + ": " + describeFileError(errno));
      break;
    }
    if (isDotOrDotDot(entry->d_name)) continue;
    ++entries;
    if (++sinceCheck_ >= kEntriesPerTimeCheck) {
      sinceCheck_ = 0;
      if (outOfTime()) return false;
    }
    const std::string_view name = entry->d_name;
    if (entry->d_type == DT_DIR && !recursive_) continue;
    const bool maybeDirectory = entry->d_type == DT_DIR || entry->d_type == DT_UNKNOWN;
    if (!maybeDirectory && !(*wanted_)(name)) continue;

    struct stat st {};
    if (::fstatat(dirFd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
      problems_.add(describe(index, name) + ": " + describeFileError(errno));
      continue;
    }
    if (!S_ISDIR(st.st_mode)) {
      if ((*wanted_)(name)) (*visit_)(WalkedEntry{index, dirFd, name, st});
      continue;
    }
    if (!recursive_) continue;
    // lstat of a mount point shows the mounted filesystem's device.
    if (!mayEnter(index, name, st)) continue;
    if (depth + 1 > kMaxDepth) {
      problems_.add(describe(index, name) + ": deeper than " + std::to_string(kMaxDepth) +
                    " levels, not entered");
      continue;
    }
    UniqueFd child = openDirectoryNoFollow(dirFd, entry->d_name);
    struct stat opened {};
    if (!child.valid() || ::fstat(child.get(), &opened) != 0) {
      problems_.add(describe(index, name) + ": " + describeFileError(errno));
      continue;
    }
    // Mounted between the lstat and the open: judged again on what opened.
    if (!mayEnter(index, name, opened)) continue;
    const auto childIndex = static_cast<std::uint32_t>(directories_.size());
    directories_.push_back({index, std::string(name), opened.st_dev, opened.st_ino, 0});
    if (!readDirectory(std::move(child), childIndex, depth + 1)) return false;
  }
  directories_[index].entries = entries;
  return true;
}

std::string DirectoryWalk::relativePath(std::uint32_t directory) const {
  std::vector<const std::string*> names;
  for (auto i = directory; i != 0 && i != WalkedDirectory::kNoParent; i = directories_[i].parent) {
    names.push_back(&directories_[i].name);
  }
  std::string path;
  for (auto it = names.rbegin(); it != names.rend(); ++it) {
    if (!path.empty()) path += '/';
    path += **it;
  }
  return path;
}

std::string DirectoryWalk::describe(std::uint32_t directory, std::string_view name) const {
  std::string path = rootPath_;
  for (const std::string& part : {relativePath(directory), std::string(name)}) {
    if (part.empty()) continue;
    if (!path.ends_with('/')) path += '/';
    path += part;
  }
  return path;
}

UniqueFd DirectoryWalk::reopen(std::uint32_t directory) {
  std::vector<std::uint32_t> chain;
  for (auto i = directory; i != 0; i = directories_[i].parent) chain.push_back(i);
  UniqueFd fd = openDirectoryNoFollow(rootFd_, ".");
  for (auto it = chain.rbegin(); it != chain.rend() && fd.valid(); ++it) {
    fd = openDirectoryNoFollow(fd.get(), directories_[*it].name.c_str());
  }
  struct stat st {};
  if (!fd.valid() || ::fstat(fd.get(), &st) != 0) {
    problems_.add(describe(directory, "") + ": " + describeFileError(errno));
    return UniqueFd();
  }
  const WalkedDirectory& walked = directories_[directory];
  if (st.st_dev != walked.device || st.st_ino != walked.inode) {
    problems_.add(describe(directory, "") + ": replaced during the walk; left alone");
    return UniqueFd();
  }
  return fd;
}

}  // namespace unyo::playbooks
