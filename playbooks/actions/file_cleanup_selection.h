#pragma once

// Which of the files a cleanup walk matched it deletes: those modified at
// or before the cutoff, except the `keepNewest` newest matched files (old
// or not), and at most `maxDelete` of them, the oldest first. A walk of
// 100,000 files offers each one here, so a candidate is kept compactly:
// times, size, inode and an offset into one buffer of names.

#include <sys/stat.h>

#include <cstdint>
#include <queue>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace unyo::playbooks {

struct CleanupCandidate {
  std::int64_t modifiedNs = 0;  // mtime, nanoseconds since the epoch
  std::uint64_t size = 0;
  ino_t inode = 0;
  std::uint64_t sequence = 0;  // order of matching, to break ties in mtime
  std::uint32_t directory = 0;
  std::uint32_t nameLength = 0;
  std::size_t nameOffset = 0;
};

struct CleanupPlan {
  // What to delete, grouped by directory (walk order), oldest first within one.
  std::vector<CleanupCandidate> files;
  std::uint64_t bytes = 0;    // their sizes
  std::uint64_t matched = 0;  // regular files whose names matched
  bool limited = false;       // more were old enough than maxDelete allowed
};

class CleanupSelection {
 public:
  CleanupSelection(std::int64_t cutoffNs, std::uint64_t keepNewest, std::uint64_t maxDelete);

  // One regular file whose name matched.
  void offer(std::uint32_t directory, std::string_view name, const struct stat& status);
  // Applies keep-newest and the limit. Call once.
  CleanupPlan finish();

  // Valid while the selection lives; data() is NUL-terminated.
  std::string_view name(const CleanupCandidate& candidate) const {
    return std::string_view(names_).substr(candidate.nameOffset, candidate.nameLength);
  }
  std::int64_t cutoffNs() const { return cutoffNs_; }

 private:
  using Newest = std::pair<std::int64_t, std::uint64_t>;  // (mtime, sequence)

  std::int64_t cutoffNs_;
  std::uint64_t keepNewest_;
  std::uint64_t maxDelete_;
  std::uint64_t matched_ = 0;
  std::vector<CleanupCandidate> candidates_;
  std::string names_;
  // The keepNewest newest matched files seen so far; the oldest on top.
  std::priority_queue<Newest, std::vector<Newest>, std::greater<>> newest_;
};

}  // namespace unyo::playbooks
