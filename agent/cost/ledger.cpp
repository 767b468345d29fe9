#include "agent/cost/ledger.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "agent/cost/checksummed_line.h"
#include "base/atomic_file.h"
#include "base/civil_time.h"
#include "base/file_lock.h"

namespace unyo::agent {
namespace {

namespace fs = std::filesystem;
using unyo::Durability;
using unyo::systemErrorText;

constexpr std::string_view kSummaryFile = "days.jsonl";
constexpr std::string_view kLockFile = ".lock";
constexpr std::string_view kDayFileSuffix = ".jsonl";

// The date a day file is named after, or nullopt for any other file.
std::optional<std::string> dayFileDate(const fs::path& path) {
  const auto name = path.filename().string();
  if (name.size() != 10 + kDayFileSuffix.size() || !name.ends_with(kDayFileSuffix)) {
    return std::nullopt;
  }
  auto date = name.substr(0, 10);
  if (!isLedgerDate(date)) return std::nullopt;
  return date;
}

// Calls `record` with each good line's JSON; counts the bad ones.
template <class OnRecord>
void forEachRecord(std::string_view text, int& skipped, OnRecord record) {
  while (!text.empty()) {
    const auto end = text.find('\n');
    const auto line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (line.empty()) continue;
    const auto payload = checkedPayload(line);
    if (!payload) {
      ++skipped;
      continue;
    }
    auto json = nlohmann::json::parse(*payload, nullptr, false);
    if (json.is_discarded() || !json.is_object() || !record(json)) ++skipped;
  }
}

void noteAccrual(std::optional<double>& last, std::optional<NetworkCursor>& cursor, double to,
                 const std::optional<NetworkCursor>& at) {
  if (last && *last >= to) return;
  last = to;
  cursor = at;
}

// The highest run seq of a day file, parsing only its run lines.
std::uint64_t lastRunSeqIn(std::string_view text) {
  std::uint64_t last = 0;
  while (!text.empty()) {
    const auto end = text.find('\n');
    const auto line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (line.find("\"seq\":") == std::string_view::npos) continue;
    const auto payload = checkedPayload(line);
    if (!payload) continue;
    const auto json = nlohmann::json::parse(*payload, nullptr, false);
    if (!json.is_object() || json.value("kind", "") != "run") continue;
    if (auto run = runRecordFromJson(json)) last = std::max(last, run->seq);
  }
  return last;
}

// Everything one day file holds, as the summary that replaces it.
DaySummaryRecord summarizeDayFile(std::string_view text, const std::string& date, int& skipped) {
  DaySummaryRecord summary;
  summary.file = date;
  forEachRecord(text, skipped, [&](const nlohmann::json& json) {
    const auto kind = json.value("kind", "");
    if (kind == "cost") {
      auto cost = costRecordFromJson(json);
      if (!cost) return false;
      for (const auto& [day, totals] : cost->days) summary.days[day].add(totals);
      noteAccrual(summary.lastAccrualUnix, summary.cursor, cost->toUnix, cost->cursor);
      return true;
    }
    if (kind == "run") {
      auto run = runRecordFromJson(json);
      if (!run) return false;
      addRun(summary.days[run->day], *run);
      summary.lastRunSeq = std::max(summary.lastRunSeq, run->seq);
      return true;
    }
    return false;
  });
  return summary;
}

struct SummaryFile {
  std::vector<DaySummaryRecord> summaries;
  std::set<std::string> files;  // day files already summarized
};

Expected<SummaryFile> readSummaries(const fs::path& dir, int& skipped) {
  auto text = unyo::readFileIfExists(dir / kSummaryFile);
  if (!text) return std::unexpected(text.error());
  SummaryFile out;
  if (!*text) return out;
  forEachRecord(**text, skipped, [&](const nlohmann::json& json) {
    auto summary = daySummaryFromJson(json);
    if (!summary) return false;
    // Two summaries of one file cannot come from compact() (it holds the
    // lock and checks first); should one appear anyway, count it once.
    if (out.files.insert(summary->file).second) out.summaries.push_back(std::move(*summary));
    return true;
  });
  return out;
}

// The day files in the folder, by date.
Expected<std::map<std::string, fs::path>> listDayFiles(const fs::path& dir) {
  std::map<std::string, fs::path> files;
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec == std::errc::no_such_file_or_directory) return files;
  if (ec) return fail(dir.string() + ": cannot list the ledger: " + ec.message());
  for (const auto& entry : it) {
    if (auto date = dayFileDate(entry.path())) files[*date] = entry.path();
  }
  return files;
}

}  // namespace

DayTotals LedgerContents::total() const {
  DayTotals sum;
  for (const auto& [day, totals] : days) sum.add(totals);
  return sum;
}

fs::path ledgerDir(const fs::path& stateDir) { return stateDir / "ledger"; }

Expected<void> Ledger::appendLine(const fs::path& file, const std::string& line,
                                  Durability durability) const {
  // Read-write: the last byte is read back to see whether a line was torn.
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0640);
  if (fd < 0) return fail(systemErrorText(file, "cannot open", errno));
  unyo::UniqueFd owned(fd);
  struct stat st {};
  if (::fstat(fd, &st) != 0) return fail(systemErrorText(file, "cannot stat", errno));
  std::string data;
  if (st.st_size > 0) {
    // A crash may have left a torn last line without its newline; start on
    // a fresh line so this record does not merge into the torn one.
    char last = '\n';
    if (::pread(fd, &last, 1, st.st_size - 1) == 1 && last != '\n') data.push_back('\n');
  }
  data += line;
  if (auto written = unyo::writeAll(fd, data, file); !written) return written;
  if (durability == Durability::onDisk) {
    if (::fdatasync(fd) != 0) return fail(systemErrorText(file, "cannot flush", errno));
    if (st.st_size == 0) return unyo::syncDirectory(dir_);
  }
  return {};
}

Expected<void> Ledger::append(const CostRecord& record, std::string_view writerDate) {
  if (auto made = unyo::ensureDirectory(dir_); !made) return made;
  auto lock = unyo::ExclusiveFileLock::acquire(dir_ / kLockFile);
  if (!lock) return std::unexpected(lock.error());
  // No fdatasync: a cost line lost to a power cut (a crash loses nothing
  // the kernel has) only moves the last accrual back, and the gap rule
  // accrues that span again at the next start. Skipping the flush keeps
  // accounting off the disk's critical path.
  return appendLine(dir_ / (std::string(writerDate) + std::string(kDayFileSuffix)),
                    checksummedLine(toJson(record).dump()), Durability::pageCache);
}

Expected<void> Ledger::append(const RunRecordLine& record, std::string_view writerDate) {
  if (auto made = unyo::ensureDirectory(dir_); !made) return made;
  auto lock = unyo::ExclusiveFileLock::acquire(dir_ / kLockFile);
  if (!lock) return std::unexpected(lock.error());
  // A run has no gap rule to recover it: flushed to disk.
  return appendLine(dir_ / (std::string(writerDate) + std::string(kDayFileSuffix)),
                    checksummedLine(toJson(record).dump()), Durability::onDisk);
}

Expected<std::size_t> Ledger::appendRuns(const std::vector<RunRecordLine>& records,
                                         std::string_view writerDate) {
  if (records.empty()) return 0;
  if (auto made = unyo::ensureDirectory(dir_); !made) return std::unexpected(made.error());
  auto lock = unyo::ExclusiveFileLock::acquire(dir_ / kLockFile);
  if (!lock) return std::unexpected(lock.error());
  auto held = lastRunSeqLocked();
  if (!held) return std::unexpected(held.error());
  std::vector<const RunRecordLine*> fresh;
  for (const auto& record : records) {
    if (record.seq > *held) fresh.push_back(&record);
  }
  if (fresh.empty()) return 0;
  std::sort(fresh.begin(), fresh.end(),
            [](const RunRecordLine* a, const RunRecordLine* b) { return a->seq < b->seq; });
  std::string lines;
  for (const auto* record : fresh) lines += checksummedLine(toJson(*record).dump());
  // A run has no gap rule to recover it: flushed to disk.
  auto appended = appendLine(dir_ / (std::string(writerDate) + std::string(kDayFileSuffix)),
                             lines, Durability::onDisk);
  if (!appended) return std::unexpected(appended.error());
  return fresh.size();
}

Expected<std::uint64_t> Ledger::lastRunSeq() const {
  if (!fs::exists(dir_)) return 0;
  auto lock = unyo::ExclusiveFileLock::acquire(dir_ / kLockFile);
  if (!lock) return std::unexpected(lock.error());
  return lastRunSeqLocked();
}

Expected<std::uint64_t> Ledger::lastRunSeqLocked() const {
  int skipped = 0;
  auto summaries = readSummaries(dir_, skipped);
  if (!summaries) return std::unexpected(summaries.error());
  std::uint64_t last = 0;
  for (const auto& summary : summaries->summaries) last = std::max(last, summary.lastRunSeq);
  auto files = listDayFiles(dir_);
  if (!files) return std::unexpected(files.error());
  for (const auto& [date, path] : *files) {
    if (summaries->files.contains(date)) continue;
    auto text = unyo::readFileIfExists(path);
    if (!text) return std::unexpected(text.error());
    if (*text) last = std::max(last, lastRunSeqIn(**text));
  }
  return last;
}

Expected<LedgerContents> Ledger::load() const {
  // A day file that vanishes between listing and reading was compacted by
  // another process meanwhile: its summary is newer than the one read, so
  // read again rather than lose that day.
  constexpr int kAttempts = 5;
  for (int attempt = 1;; ++attempt) {
    bool raced = false;
    auto contents = loadOnce(raced);
    if (!contents || !raced || attempt == kAttempts) return contents;
  }
}

Expected<LedgerContents> Ledger::loadOnce(bool& raced) const {
  LedgerContents contents;
  auto summaries = readSummaries(dir_, contents.skippedLines);
  if (!summaries) return std::unexpected(summaries.error());
  const auto absorb = [&](const DaySummaryRecord& summary) {
    for (const auto& [day, totals] : summary.days) contents.days[day].add(totals);
    if (summary.lastAccrualUnix) {
      noteAccrual(contents.lastAccrualUnix, contents.cursor, *summary.lastAccrualUnix,
                  summary.cursor);
    }
  };
  for (const auto& summary : summaries->summaries) absorb(summary);

  auto files = listDayFiles(dir_);
  if (!files) return std::unexpected(files.error());
  for (const auto& [date, path] : *files) {
    if (summaries->files.contains(date)) continue;  // compacted; removal was cut short
    auto text = unyo::readFileIfExists(path);
    if (!text) return std::unexpected(text.error());
    if (!*text) {
      raced = true;
      continue;
    }
    absorb(summarizeDayFile(**text, date, contents.skippedLines));
  }
  return contents;
}

Expected<void> Ledger::compact(std::string_view today) {
  const auto todayDate = parseIsoDate(today);
  if (!todayDate) return fail("not a date: \"" + std::string(today) + "\"");
  const auto cutoff = unyo::addDays(*todayDate, -1);  // files before this date
  auto files = listDayFiles(dir_);
  if (!files) return std::unexpected(files.error());
  if (files->empty() || *parseIsoDate(files->begin()->first) >= cutoff) return {};

  auto lock = unyo::ExclusiveFileLock::acquire(dir_ / kLockFile);
  if (!lock) return std::unexpected(lock.error());
  int skipped = 0;
  auto summaries = readSummaries(dir_, skipped);
  if (!summaries) return std::unexpected(summaries.error());
  for (const auto& [date, path] : *files) {
    if (*parseIsoDate(date) >= cutoff) break;
    if (!summaries->files.contains(date)) {
      auto text = unyo::readFileIfExists(path);
      if (!text) return std::unexpected(text.error());
      if (!*text) continue;
      const auto summary = summarizeDayFile(**text, date, skipped);
      // On disk before the day file goes: the summary replaces it.
      auto appended = appendLine(dir_ / kSummaryFile, checksummedLine(toJson(summary).dump()),
                                 Durability::onDisk);
      if (!appended) return appended;
    }
    std::error_code ec;
    fs::remove(path, ec);
    if (ec) return fail(path.string() + ": cannot remove the compacted day file: " + ec.message());
  }
  return unyo::syncDirectory(dir_);
}

}  // namespace unyo::agent
