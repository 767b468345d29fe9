// The `file.cleanup` action: reads `with:`, runs the walk off the loop and
// reports.

#include "playbooks/actions/file_cleanup_action.h"

#include "base/await_blocking.h"
#include "base/duration.h"
#include "playbooks/actions/cleanup_guard.h"
#include "playbooks/actions/file_cleanup_walk.h"
#include "playbooks/actions/human_units.h"

namespace unyo::playbooks {
namespace {

constexpr std::int64_t kDefaultMaxDelete = 10000;

struct CleanupSettings {
  CleanupJob job;
  std::chrono::milliseconds olderThan{};
};

Expected<CleanupSettings> readSettings(const WithReader& with) {
  CleanupSettings settings;
  CleanupJob& job = settings.job;
  if (!with.has("path")) return fail("\"path\" is required");
  auto path = with.string("path");
  if (!path) return std::unexpected(path.error());
  auto root = checkCleanupRoot(*path);
  if (!root) return fail("\"path\": " + root.error().message);
  job.path = std::move(*root);

  auto pattern = with.string("pattern", "*");
  if (!pattern) return std::unexpected(pattern.error());
  if (pattern->empty()) return fail("\"pattern\" must not be empty");
  if (pattern->find('/') != std::string::npos) {
    return fail("\"pattern\" matches file names and cannot contain \"/\"");
  }
  job.pattern = std::move(*pattern);

  if (!with.has("older_than")) {
    return fail("\"older_than\" is required (write 0s to include files of any age)");
  }
  auto olderThan = with.duration("older_than");
  if (!olderThan) return std::unexpected(olderThan.error());
  settings.olderThan = *olderThan;

  auto recursive = with.boolean("recursive", false);
  if (!recursive) return std::unexpected(recursive.error());
  job.recursive = *recursive;
  auto keepNewest = with.integer("keep_newest", 0);
  if (!keepNewest) return std::unexpected(keepNewest.error());
  if (*keepNewest < 0) return fail("\"keep_newest\" must not be negative");
  job.keepNewest = static_cast<std::uint64_t>(*keepNewest);
  auto maxDelete = with.integer("max_delete", kDefaultMaxDelete);
  if (!maxDelete) return std::unexpected(maxDelete.error());
  if (*maxDelete < 1)
    return fail("\"max_delete\" must be at least 1 (use a dry run to delete nothing)");
  job.maxDelete = static_cast<std::uint64_t>(*maxDelete);
  auto removeEmptyDirs = with.boolean("remove_empty_dirs", false);
  if (!removeEmptyDirs) return std::unexpected(removeEmptyDirs.error());
  job.removeEmptyDirs = *removeEmptyDirs;
  auto matchDotfiles = with.boolean("match_dotfiles", false);
  if (!matchDotfiles) return std::unexpected(matchDotfiles.error());
  job.matchDotfiles = *matchDotfiles;
  return settings;
}

std::string countOf(std::uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

Value strings(const std::vector<std::string>& items) {
  Value list = Value::list();
  for (const auto& item : items) list.asList().emplace_back(item);
  return list;
}

Value reportOutput(const CleanupJob& job, const CleanupReport& report) {
  Value out = Value::map();
  out.set("path", job.path);
  out.set("files_matched", report.matched);
  out.set("files_deleted", report.deletedFiles);
  out.set("bytes_freed", report.freedBytes);
  out.set("files_kept", report.matched - report.plannedFiles);
  out.set("dirs_removed", report.removedDirs);
  out.set("limited", report.limited);
  out.set("dry_run", job.dryRun);
  out.set("sample", strings(report.sample));
  out.set("errors", report.problems.count());
  out.set("first_errors", strings(report.problems.first()));
  out.set("mounts_skipped", static_cast<std::uint64_t>(report.skippedMounts.size()));
  out.set("skipped_mounts", strings(report.skippedMounts));
  if (job.dryRun) {
    out.set("would_delete", report.plannedFiles);
    out.set("would_free_bytes", report.plannedBytes);
    out.set("would_remove_dirs", report.plannedDirs);
  }
  return out;
}

std::string summarize(const CleanupSettings& settings, const CleanupReport& report) {
  const bool dry = settings.job.dryRun;
  const std::uint64_t files = dry ? report.plannedFiles : report.deletedFiles;
  const std::uint64_t bytes = dry ? report.plannedBytes : report.freedBytes;
  std::string text = std::string(dry ? "would delete " : "deleted ") +
                     countOf(files, "file", "files") + " (" + formatBytes(bytes) + ") older than " +
                     formatDuration(settings.olderThan);
  if (report.limited) text += ", limited to " + std::to_string(settings.job.maxDelete);
  const std::uint64_t dirs = dry ? report.plannedDirs : report.removedDirs;
  if (dirs > 0) {
    text += std::string(dry ? ", would remove " : ", removed ") +
            countOf(dirs, "empty directory", "empty directories");
  }
  if (!report.skippedMounts.empty()) {
    text += ", skipped " + countOf(report.skippedMounts.size(), "other filesystem",
                                   "other filesystems");
  }
  if (report.problems.count() > 0)
    text += " (" + countOf(report.problems.count(), "error", "errors") + ")";
  return text;
}

class FileCleanupAction final : public Action {
 public:
  boost::asio::awaitable<ActionResult> run(const ActionRequest& request,
                                           SystemAccess& system) override {
    auto settings = readSettings(WithReader(request.with));
    if (!settings) co_return ActionResult::failure(settings.error().message);
    CleanupJob& job = settings->job;
    job.dryRun = request.dryRun;
    job.rails = system.fileRails;
    const auto cutoff = system.clock.now() - settings->olderThan;
    job.cutoffNs =
        std::chrono::duration_cast<std::chrono::nanoseconds>(cutoff.time_since_epoch()).count();
    const Clock& clock = system.clock;
    const auto deadline = clock.steadyNow() + request.timeout;
    job.inTime = [&clock, deadline] { return clock.steadyNow() < deadline; };

    auto walk = [job] { return cleanUpDirectory(job); };
    auto pending = awaitBlocking(system.blocking, std::move(walk));
    const std::optional<CleanupReport> walked = co_await std::move(pending);
    if (!walked) co_return ActionResult::failure("the agent stopped before the cleanup ran");
    const CleanupReport& report = *walked;

    ActionResult result;
    result.output = reportOutput(job, report);
    if (!report.failure.empty()) {
      co_return ActionResult::failure(report.failure, std::move(result.output));
    }
    result.changed = report.deletedFiles > 0 || report.removedDirs > 0;
    result.summary = summarize(*settings, report);
    if (report.stoppedEarly) {
      result.ok = false;
      result.error = "the step's time ran out after deleting " +
                     std::to_string(report.deletedFiles) + " of " +
                     std::to_string(report.plannedFiles) + " files";
    }
    co_return result;
  }
};

}  // namespace

std::unique_ptr<Action> makeFileCleanupAction() { return std::make_unique<FileCleanupAction>(); }

const ActionDescriptor& fileCleanupActionDescriptor() {
  static const ActionDescriptor descriptor{
      "file.cleanup",
      "Delete regular files older than a given age under one directory, never following symlinks",
      {
          {"path", ParamKind::string, true},
          {"pattern", ParamKind::string, false},
          {"older_than", ParamKind::duration, true},
          {"recursive", ParamKind::boolean, false},
          {"keep_newest", ParamKind::integer, false},
          {"max_delete", ParamKind::integer, false},
          {"remove_empty_dirs", ParamKind::boolean, false},
          {"match_dotfiles", ParamKind::boolean, false},
      },
      &makeFileCleanupAction,
  };
  return descriptor;
}

}  // namespace unyo::playbooks
