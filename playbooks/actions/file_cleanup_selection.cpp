// Choosing what a cleanup deletes (declared in file_cleanup_selection.h).

#include "playbooks/actions/file_cleanup_selection.h"

#include <algorithm>

#include "playbooks/actions/directory_walk.h"

namespace unyo::playbooks {

CleanupSelection::CleanupSelection(std::int64_t cutoffNs, std::uint64_t keepNewest,
                                   std::uint64_t maxDelete)
    : cutoffNs_(cutoffNs), keepNewest_(keepNewest), maxDelete_(maxDelete) {}

void CleanupSelection::offer(std::uint32_t directory, std::string_view name,
                             const struct stat& status) {
  const std::uint64_t sequence = matched_++;
  const std::int64_t modified = modifiedNs(status);
  if (keepNewest_ > 0) {
    newest_.emplace(modified, sequence);
    if (newest_.size() > keepNewest_) newest_.pop();
  }
  if (modified > cutoffNs_) return;
  CleanupCandidate candidate;
  candidate.modifiedNs = modified;
  candidate.size = static_cast<std::uint64_t>(status.st_size);
  candidate.inode = status.st_ino;
  candidate.sequence = sequence;
  candidate.directory = directory;
  candidate.nameLength = static_cast<std::uint32_t>(name.size());
  candidate.nameOffset = names_.size();
  names_.append(name);
  names_.push_back('\0');  // so unlinkat can take name(candidate).data()
  candidates_.push_back(candidate);
}

CleanupPlan CleanupSelection::finish() {
  CleanupPlan plan;
  plan.matched = matched_;
  std::vector<std::uint64_t> kept;
  kept.reserve(newest_.size());
  for (; !newest_.empty(); newest_.pop()) kept.push_back(newest_.top().second);
  std::sort(kept.begin(), kept.end());
  std::erase_if(candidates_, [&](const CleanupCandidate& c) {
    return std::binary_search(kept.begin(), kept.end(), c.sequence);
  });

  const auto older = [](const CleanupCandidate& a, const CleanupCandidate& b) {
    return std::pair(a.modifiedNs, a.sequence) < std::pair(b.modifiedNs, b.sequence);
  };
  if (candidates_.size() > maxDelete_) {
    plan.limited = true;
    std::nth_element(candidates_.begin(),
                     candidates_.begin() + static_cast<std::ptrdiff_t>(maxDelete_),
                     candidates_.end(), older);
    candidates_.resize(maxDelete_);
  }
  std::sort(candidates_.begin(), candidates_.end(),
            [&](const CleanupCandidate& a, const CleanupCandidate& b) {
              if (a.directory != b.directory) return a.directory < b.directory;
              return older(a, b);
            });
  for (const auto& c : candidates_) plan.bytes += c.size;
  plan.files = std::move(candidates_);
  candidates_.clear();
  return plan;
}

}  // namespace unyo::playbooks
