// RunHistory: runs.jsonl, appended under an flock and compacted atomically.

#include "playbooks/state/run_history.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <nlohmann/json.hpp>

#include "base/atomic_file.h"
#include "base/file_lock.h"
#include "playbooks/state/file_tail.h"
#include "playbooks/state/history_lines.h"

namespace unyo::playbooks {
namespace {

constexpr std::string_view kInterruptedError = "interrupted: the agent stopped during the run";

// Compacting on every append past max_runs would rewrite the whole file
// each time; this slack makes it one rewrite per many appends.
std::size_t compactionThreshold(std::size_t maxRuns) {
  return std::max(maxRuns * 5 / 4, maxRuns + 100);
}

// Our own pid counts as gone: recovery runs before this process starts any
// run, so a record with our pid was left by an earlier process that had the
// same pid (the daemon is often pid 1 in a container).
bool processExists(int pid) {
  if (pid <= 0 || pid == ::getpid()) return false;
  if (::kill(pid, 0) == 0) return true;
  return errno == EPERM;  // alive, but another user's
}

Expected<std::string> readRange(int fd, off_t from, off_t to, const std::filesystem::path& path) {
  std::string text;
  std::array<char, 65536> buffer;
  while (from < to) {
    const auto want = static_cast<std::size_t>(std::min<off_t>(to - from, buffer.size()));
    const ssize_t n = ::pread(fd, buffer.data(), want, from);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(systemErrorText(path, "cannot read", errno));
    if (n == 0) break;
    text.append(buffer.data(), static_cast<std::size_t>(n));
    from += n;
  }
  return text;
}

// runs.seq; missing or unreadable reads as 0: reconcile raises it again
// from the stores' watermarks.
std::uint64_t readSeqFloor(const std::filesystem::path& file) {
  auto text = readFileIfExists(file);
  if (!text || !*text) return 0;
  std::uint64_t seq = 0;
  const std::string& digits = **text;
  std::from_chars(digits.data(), digits.data() + digits.size(), seq);
  return seq;
}

}  // namespace

RunHistory::RunHistory(std::filesystem::path stateDir, std::size_t maxRuns)
    : file_(stateDir / "runs.jsonl"),
      lockFile_(stateDir / "runs.jsonl.lock"),
      seqFile_(stateDir / "runs.seq"),
      maxRuns_(maxRuns) {}

Expected<void> RunHistory::append(const RunRecord& run) {
  if (auto dir = ensureDirectory(file_.parent_path()); !dir) return dir;
  auto lock = ExclusiveFileLock::acquire(lockFile_);
  if (!lock) return std::unexpected(lock.error());
  if (auto appended = appendLocked(run); !appended) return appended;
  return compactIfLarge();
}

Expected<void> RunHistory::catchUp(int fd, std::int64_t inode, std::int64_t size) {
  // Only what was appended since this object last looked, unless the file
  // was replaced (compacted by another process) or shrank.
  const bool sameFile = counted_.inode == static_cast<std::uint64_t>(inode) && counted_.size <= size;
  if (!sameFile) counted_ = Scanned{static_cast<std::uint64_t>(inode), 0, 0, 0};
  auto added = readRange(fd, counted_.size, size, file_);
  if (!added) return std::unexpected(added.error());
  const SeqScan scan = scanSeqs(*added);
  counted_.size = size;
  counted_.lines += scan.lines;
  counted_.maxSeq = std::max({counted_.maxSeq, scan.maxSeq, readSeqFloor(seqFile_)});
  return {};
}

Expected<void> RunHistory::appendLocked(const RunRecord& run) {
  UniqueFd fd(::open(file_.c_str(), O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0640));
  if (!fd.valid()) return fail(systemErrorText(file_, "cannot open", errno));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return fail(systemErrorText(file_, "cannot stat", errno));
  const off_t size = st.st_size;
  if (auto caught = catchUp(fd.get(), static_cast<std::int64_t>(st.st_ino), size); !caught) {
    return caught;
  }
  nlohmann::json json = toJson(run);
  const std::uint64_t seq = counted_.maxSeq + 1;
  if (isFinished(run.status)) json["seq"] = seq;
  std::string line = historyLine(std::move(json));
  // A line torn by a crash has no newline: ours must not be glued to it.
  char last = '\n';
  if (size > 0 && ::pread(fd.get(), &last, 1, size - 1) == 1 && last != '\n') {
    line.insert(0, "\n");
  }
  // One write(2) of the whole line on an O_APPEND descriptor, under the lock.
  ssize_t written = -1;
  do {
    written = ::write(fd.get(), line.data(), line.size());
  } while (written < 0 && errno == EINTR);
  if (written != static_cast<ssize_t>(line.size())) {
    const int err = written < 0 ? errno : ENOSPC;
    // If the torn line cannot be cut off, readers skip it and the next
    // append starts on a fresh line (its seq still counts as issued).
    const bool cutOff = ::ftruncate(fd.get(), size) == 0;
    if (!cutOff) counted_.inode = 0;  // rescan next time
    return fail(systemErrorText(
        file_,
        cutOff ? "cannot append a run record" : "cannot append a run record (torn line left)",
        err));
  }
  counted_.size = size + static_cast<off_t>(line.size());
  counted_.lines += countNewlines(line);
  if (isFinished(run.status)) counted_.maxSeq = seq;
  return {};
}

Expected<void> RunHistory::raiseSeqFloor(std::uint64_t seq) {
  if (auto written = replaceFileAtomically(seqFile_, std::to_string(seq) + "\n"); !written) {
    return written;
  }
  counted_.maxSeq = std::max(counted_.maxSeq, seq);
  return {};
}

Expected<void> RunHistory::compactIfLarge() {
  if (maxRuns_ == 0 || counted_.lines <= compactionThreshold(maxRuns_)) return {};
  auto text = readFileIfExists(file_);
  if (!text) return std::unexpected(text.error());
  if (!*text) return {};
  const HistoryLines parsed = parseHistoryLines(**text);
  const std::size_t total = parsed.idsInOrder.size();
  const std::size_t first = total > maxRuns_ ? total - maxRuns_ : 0;
  std::string kept;
  for (std::size_t i = first; i < total; ++i) {
    kept += historyLine(parsed.latest.at(parsed.idsInOrder[i]));
  }
  // The highest seq may belong to a run compaction drops: kept aside first,
  // so it is never issued again.
  if (auto floor = raiseSeqFloor(counted_.maxSeq); !floor) return floor;
  if (auto replaced = replaceFileAtomically(file_, kept); !replaced) return replaced;
  struct stat st {};
  if (::stat(file_.c_str(), &st) != 0) return fail(systemErrorText(file_, "cannot stat", errno));
  counted_.inode = static_cast<std::uint64_t>(st.st_ino);
  counted_.size = st.st_size;
  counted_.lines = total - first;
  return {};
}

Expected<std::vector<RunRecord>> RunHistory::list(const std::optional<std::string>& playbook,
                                                  std::size_t limit,
                                                  std::size_t maxBytes) const {
  auto text = maxBytes > 0 ? readFileTail(file_, maxBytes) : readFileIfExists(file_);
  if (!text) return std::unexpected(text.error());
  const HistoryLines parsed = parseHistoryLines(text->value_or(""));
  std::size_t malformed = parsed.malformed;
  std::vector<RunRecord> runs;
  for (const auto& id : parsed.idsInOrder) {
    const nlohmann::json& json = parsed.latest.at(id);
    if (playbook) {
      const auto name = json.find("playbook");
      if (name == json.end() || !name->is_string() ||
          name->get_ref<const std::string&>() != *playbook)
        continue;
    }
    auto run = runFromJson(json);
    if (!run) {
      ++malformed;
      continue;
    }
    runs.push_back(std::move(*run));
  }
  std::sort(runs.begin(), runs.end(), [](const RunRecord& a, const RunRecord& b) {
    if (a.createdAt != b.createdAt) return a.createdAt > b.createdAt;
    return a.id > b.id;
  });
  if (limit > 0 && runs.size() > limit)
    runs.erase(runs.begin() + static_cast<std::ptrdiff_t>(limit), runs.end());
  skippedLines_ = malformed;
  return runs;
}

Expected<std::optional<RunRecord>> RunHistory::find(const std::string& id) const {
  auto text = readFileIfExists(file_);
  if (!text) return std::unexpected(text.error());
  // Only lines that mention the id are worth parsing.
  const std::string quotedId =
      nlohmann::json(id).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string_view rest = *text ? std::string_view(**text) : std::string_view();
  std::optional<RunRecord> found;
  while (!rest.empty()) {
    const std::size_t end = rest.find('\n');
    const std::string_view line = rest.substr(0, end);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    if (line.find(quotedId) == std::string_view::npos) continue;
    const auto json = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) continue;
    auto run = runFromJson(json);
    if (run && run->id == id) found = std::move(*run);
  }
  return found;
}

Expected<int> RunHistory::recoverInterrupted(Clock::WallTime now) {
  if (auto dir = ensureDirectory(file_.parent_path()); !dir) return std::unexpected(dir.error());
  // Under the lock, so two processes starting at once record each cut-short run once.
  auto lock = ExclusiveFileLock::acquire(lockFile_);
  if (!lock) return std::unexpected(lock.error());
  auto text = readFileIfExists(file_);
  if (!text) return std::unexpected(text.error());
  const HistoryLines parsed = parseHistoryLines(text->value_or(""));
  skippedLines_ = parsed.malformed;
  int recovered = 0;
  for (const auto& id : parsed.idsInOrder) {
    auto run = runFromJson(parsed.latest.at(id));
    if (!run) {
      ++skippedLines_;
      continue;
    }
    if (isFinished(run->status) || processExists(run->pid)) continue;
    run->status = RunStatus::failure;
    run->error = std::string(kInterruptedError);
    run->finishedAt = now;
    if (auto appended = appendLocked(*run); !appended) {
      return std::unexpected(appended.error());
    }
    ++recovered;
  }
  if (auto compacted = compactIfLarge(); !compacted) return std::unexpected(compacted.error());
  return recovered;
}

Expected<std::vector<FinishedRun>> RunHistory::finishedAfter(std::uint64_t after) const {
  auto text = readFileIfExists(file_);
  if (!text) return std::unexpected(text.error());
  std::vector<FinishedRun> finished;
  std::string_view rest = *text ? std::string_view(**text) : std::string_view();
  while (!rest.empty()) {
    const std::size_t end = rest.find('\n');
    const std::string_view line = rest.substr(0, end);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    const auto seq = lineSeq(line);
    if (!seq || *seq <= after) continue;
    const auto json = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) continue;  // torn: the run is recovered as interrupted instead
    auto run = runFromJson(json);
    if (!run || !isFinished(run->status)) continue;
    finished.push_back(FinishedRun{*seq, std::move(*run)});
  }
  std::sort(finished.begin(), finished.end(),
            [](const FinishedRun& a, const FinishedRun& b) { return a.seq < b.seq; });
  return finished;
}

Expected<RunHistory::Reconciled> RunHistory::reconcile(
    std::span<FinishedRunStore* const> stores) {
  if (auto dir = ensureDirectory(file_.parent_path()); !dir) return std::unexpected(dir.error());
  auto lock = ExclusiveFileLock::acquire(lockFile_);
  if (!lock) return std::unexpected(lock.error());
  UniqueFd fd(::open(file_.c_str(), O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0640));
  if (!fd.valid()) return fail(systemErrorText(file_, "cannot open", errno));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return fail(systemErrorText(file_, "cannot stat", errno));
  if (auto caught = catchUp(fd.get(), static_cast<std::int64_t>(st.st_ino), st.st_size); !caught) {
    return std::unexpected(caught.error());
  }

  Reconciled reconciled;
  std::vector<Expected<std::uint64_t>> watermarks;
  std::uint64_t lowest = counted_.maxSeq;
  std::uint64_t highest = 0;
  for (auto* store : stores) {
    auto applied = store->appliedSeq();
    if (applied) {
      lowest = std::min(lowest, *applied);
      highest = std::max(highest, *applied);
    }
    watermarks.push_back(std::move(applied));
  }
  if (highest > counted_.maxSeq) {
    reconciled.historyBehind = true;
    if (auto raised = raiseSeqFloor(highest); !raised) return std::unexpected(raised.error());
  }

  FinishedRuns finished;
  finished.lastSeq = counted_.maxSeq;
  if (lowest < finished.lastSeq) {
    auto runs = finishedAfter(lowest);
    if (!runs) return std::unexpected(runs.error());
    finished.runs = std::move(*runs);
  }
  for (std::size_t i = 0; i < stores.size(); ++i) {
    std::string name(stores[i]->storeName());
    if (!watermarks[i]) {
      reconciled.stores.emplace_back(std::move(name), std::unexpected(watermarks[i].error()));
      continue;
    }
    reconciled.stores.emplace_back(std::move(name), stores[i]->apply(finished));
  }
  return reconciled;
}

}  // namespace unyo::playbooks
