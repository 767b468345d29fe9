// RunHistory: runs.jsonl, appended under an flock and compacted atomically.

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <nlohmann/json.hpp>

#include "playbooks/state/atomic_file.h"
#include "playbooks/state/file_lock.h"
#include "playbooks/state/history_lines.h"
#include "playbooks/state/run_store.h"

namespace unyo::playbooks {
namespace {

constexpr std::string_view kInterruptedError = "interrupted: the agent stopped during the run";

// Compacting on every append past max_runs would rewrite the whole file
// each time; this slack makes it one rewrite per many appends.
std::size_t compactionThreshold(std::size_t maxRuns) {
  return std::max(maxRuns * 5 / 4, maxRuns + 100);
}

// Command output may hold bytes that are not UTF-8 (Shift_JIS logs): they
// are replaced rather than costing the record.
std::string jsonLine(const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

// Our own pid counts as gone: recovery runs before this process starts any
// run, so a record with our pid was left by an earlier process that had the
// same pid (the daemon is often pid 1 in a container).
bool processExists(int pid) {
  if (pid <= 0 || pid == ::getpid()) return false;
  if (::kill(pid, 0) == 0) return true;
  return errno == EPERM;  // alive, but another user's
}

Expected<std::size_t> countNewlinesIn(int fd, off_t from, off_t to,
                                      const std::filesystem::path& path) {
  std::array<char, 65536> buffer;
  std::size_t count = 0;
  while (from < to) {
    const auto want = static_cast<std::size_t>(std::min<off_t>(to - from, buffer.size()));
    const ssize_t n = ::pread(fd, buffer.data(), want, from);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(systemErrorText(path, "cannot read", errno));
    if (n == 0) break;
    count += countNewlines(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    from += n;
  }
  return count;
}

}  // namespace

RunHistory::RunHistory(std::filesystem::path stateDir, std::size_t maxRuns)
    : file_(stateDir / "runs.jsonl"), lockFile_(stateDir / "runs.jsonl.lock"), maxRuns_(maxRuns) {}

Expected<void> RunHistory::append(const RunRecord& run) {
  if (auto dir = ensureDirectory(file_.parent_path()); !dir) return dir;
  auto lock = ExclusiveFileLock::acquire(lockFile_);
  if (!lock) return std::unexpected(lock.error());
  if (auto appended = appendLocked(jsonLine(toJson(run))); !appended) return appended;
  return compactIfLarge();
}

Expected<void> RunHistory::appendLocked(std::string line) {
  UniqueFd fd(::open(file_.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0640));
  if (!fd.valid()) return fail(systemErrorText(file_, "cannot open", errno));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return fail(systemErrorText(file_, "cannot stat", errno));
  const off_t size = st.st_size;
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
    // append starts on a fresh line.
    const bool cutOff = ::ftruncate(fd.get(), size) == 0;
    return fail(systemErrorText(
        file_,
        cutOff ? "cannot append a run record" : "cannot append a run record (torn line left)",
        err));
  }
  // Count only what was appended since this object last looked, unless the
  // file was replaced (compacted by another process) or shrank.
  const bool sameFile = counted_.inode == st.st_ino && counted_.size <= size;
  auto before = countNewlinesIn(fd.get(), sameFile ? counted_.size : 0, size, file_);
  if (!before) return std::unexpected(before.error());
  counted_ =
      LineCount{static_cast<std::uint64_t>(st.st_ino), size + static_cast<off_t>(line.size()),
                (sameFile ? counted_.lines : 0) + *before + countNewlines(line)};
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
    kept += jsonLine(parsed.latest.at(parsed.idsInOrder[i]));
  }
  if (auto replaced = replaceFileAtomically(file_, kept); !replaced) return replaced;
  struct stat st {};
  if (::stat(file_.c_str(), &st) != 0) return fail(systemErrorText(file_, "cannot stat", errno));
  counted_ = LineCount{static_cast<std::uint64_t>(st.st_ino), st.st_size, total - first};
  return {};
}

Expected<std::vector<RunRecord>> RunHistory::list(const std::optional<std::string>& playbook,
                                                  std::size_t limit) const {
  auto text = readFileIfExists(file_);
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
    if (auto appended = appendLocked(jsonLine(toJson(*run))); !appended) {
      return std::unexpected(appended.error());
    }
    ++recovered;
  }
  if (auto compacted = compactIfLarge(); !compacted) return std::unexpected(compacted.error());
  return recovered;
}

}  // namespace unyo::playbooks
