// RunCounters: counters.json, read-modify-written under an flock and
// replaced atomically, so no process loses another's update.

#include "playbooks/state/run_counters.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <iterator>

#include "base/atomic_file.h"
#include "base/file_lock.h"
#include "playbooks/state/counters_file.h"

namespace unyo::playbooks {
namespace {

constexpr double kStartWindowSeconds = 3600;
// Starts stamped this far after `now` mean the clock was set back; kept,
// they would refuse runs for as long as the clock jumped.
constexpr double kFutureStartToleranceSeconds = 60;

// Statuses of runs that got as far as running their steps.
bool ranSteps(RunStatus status) {
  return status == RunStatus::success || status == RunStatus::failure ||
         status == RunStatus::timeout || status == RunStatus::dryRun;
}

void addRun(PlaybookTotals& totals, const RunRecord& run) {
  totals.runs[{std::string(triggerTypeName(run.trigger.type)),
               std::string(runStatusName(run.status))}] += 1;
  if (run.laborCredited) {
    auto& labor = totals.labor[std::string(triggerTypeName(run.trigger.type))];
    labor.minutes += run.laborMinutes;
    labor.yen += run.laborYen;
  }
  auto& failures = run.dryRun ? totals.dryRunStepFailures : totals.stepFailures;
  for (const auto& step : run.steps) {
    if (step.status == StepStatus::failed || step.status == StepStatus::timedOut) {
      failures[step.id] += 1;
    }
  }
  if (!ranSteps(run.status) || !run.finishedAt) return;
  const double finished = toUnixSeconds(*run.finishedAt);
  totals.lastRunUnixSeconds = std::max(totals.lastRunUnixSeconds, finished);
  if (run.status == RunStatus::success) {
    totals.lastSuccessUnixSeconds = std::max(totals.lastSuccessUnixSeconds, finished);
  }
  if (!run.startedAt) return;
  const double seconds = std::max(0.0, run.durationSeconds());
  const auto bound =
      std::lower_bound(std::begin(kRunDurationBuckets), std::end(kRunDurationBuckets), seconds);
  totals.durationBuckets[static_cast<std::size_t>(bound - std::begin(kRunDurationBuckets))] += 1;
  totals.durationCount += 1;
  totals.durationSum += seconds;
}

// Reads counters.json under its lock, lets `change` edit the totals, and
// writes them back if it returns true. Returns what `change` returned.
template <class Change>
Expected<bool> updateCounters(const std::filesystem::path& file,
                              const std::filesystem::path& lockFile, Change change) {
  if (auto dir = ensureDirectory(file.parent_path()); !dir) return std::unexpected(dir.error());
  auto lock = ExclusiveFileLock::acquire(lockFile);
  if (!lock) return std::unexpected(lock.error());
  auto text = readFileIfExists(file);
  if (!text) return std::unexpected(text.error());
  CountersDocument counters{{}, 0};  // no file: holds no run yet
  if (*text) {
    auto parsed = parseCounters(**text);
    if (!parsed) {
      return fail(file.string() + ": " + parsed.error().message +
                  "; left as it is, since it holds the labor totals: repair it, or move it "
                  "aside to count again from the runs the history holds");
    }
    counters = std::move(*parsed);
  }
  if (!change(counters)) return false;
  if (auto written = replaceFileAtomically(file, countersText(counters)); !written) {
    return std::unexpected(written.error());
  }
  return true;
}

}  // namespace

RunCounters::RunCounters(std::filesystem::path stateDir)
    : file_(stateDir / "counters.json"), lockFile_(stateDir / "counters.json.lock") {}

Expected<void> RunCounters::record(const RunRecord& run) {
  if (!isFinished(run.status)) {
    return fail("run " + run.id + " is still " + std::string(runStatusName(run.status)) +
                ": only finished runs are counted");
  }
  auto updated = updateCounters(file_, lockFile_, [&](CountersDocument& counters) {
    addRun(counters.playbooks[run.playbook], run);
    return true;
  });
  if (!updated) return std::unexpected(updated.error());
  return {};
}

Expected<std::uint64_t> RunCounters::appliedSeq() {
  auto loaded = load();
  if (!loaded) return std::unexpected(loaded.error());
  return cachedAppliedSeq_;
}

Expected<std::size_t> RunCounters::apply(const FinishedRuns& finished) {
  std::size_t added = 0;
  auto updated = updateCounters(file_, lockFile_, [&](CountersDocument& counters) {
    if (!counters.appliedSeq) {
      counters.appliedSeq = finished.lastSeq;  // see counters_file.h
      return true;
    }
    for (const auto& [seq, run] : finished.runs) {
      if (seq <= *counters.appliedSeq || !isFinished(run.status)) continue;
      addRun(counters.playbooks[run.playbook], run);
      counters.appliedSeq = seq;
      ++added;
    }
    return added > 0;
  });
  if (!updated) return std::unexpected(updated.error());
  return added;
}

Expected<bool> RunCounters::admitStart(const std::string& playbook, int maxPerHour,
                                       Clock::WallTime now) {
  const double nowSeconds = toUnixSeconds(now);
  return updateCounters(file_, lockFile_, [&](CountersDocument& counters) {
    auto& starts = counters.playbooks[playbook].recentStartsUnixSeconds;
    std::erase_if(starts, [&](double start) {
      return start <= nowSeconds - kStartWindowSeconds ||
             start > nowSeconds + kFutureStartToleranceSeconds;
    });
    if (maxPerHour > 0 && starts.size() >= static_cast<std::size_t>(maxPerHour)) return false;
    starts.push_back(nowSeconds);
    return true;
  });
}

Expected<std::map<std::string, PlaybookTotals>> RunCounters::load() {
  const auto forget = [this] {
    cached_.clear();
    cachedAppliedSeq_ = 0;
    cachedStamp_ = {};
    cachedFile_.reset();
    return std::map<std::string, PlaybookTotals>();
  };
  const auto stampOf = [](const struct stat& st) {
    return FileStamp{static_cast<std::uint64_t>(st.st_ino),
                     st.st_mtim.tv_sec * 1'000'000'000 + st.st_mtim.tv_nsec, st.st_size};
  };
  struct stat st {};
  if (::stat(file_.c_str(), &st) != 0) {
    if (errno == ENOENT) return forget();
    return fail(systemErrorText(file_, "cannot stat", errno));
  }
  if (cachedFile_.valid() && stampOf(st) == cachedStamp_) return cached_;

  UniqueFd fd(::open(file_.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd.valid()) {
    if (errno == ENOENT) return forget();
    return fail(systemErrorText(file_, "cannot open", errno));
  }
  // The stamp of what is actually read, not of what stat() saw a moment ago.
  if (::fstat(fd.get(), &st) != 0) return fail(systemErrorText(file_, "cannot stat", errno));
  auto text = readAll(fd.get(), file_);
  if (!text) return std::unexpected(text.error());
  ++reads_;
  auto parsed = parseCounters(*text);
  if (!parsed) return fail(file_.string() + ": " + parsed.error().message);
  cached_ = std::move(parsed->playbooks);
  cachedAppliedSeq_ = parsed->appliedSeq.value_or(0);
  cachedStamp_ = stampOf(st);
  cachedFile_ = std::move(fd);
  return cached_;
}

}  // namespace unyo::playbooks
