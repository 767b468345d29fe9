// The `backup.verify` action.

#include "playbooks/actions/backup_verify_action.h"

#include "base/await_blocking.h"
#include "base/duration.h"
#include "playbooks/actions/backup_checksum.h"
#include "playbooks/actions/backup_search.h"
#include "playbooks/actions/human_units.h"

namespace unyo::playbooks {
namespace {

using std::chrono::milliseconds;

struct BackupSettings {
  BackupSearch search;
  milliseconds maxAge{};
  std::uint64_t minSize = 1;
  std::string minSizeText = "1 byte";  // as the playbook spells it, for errors
  bool checksum = true;
  bool requireChecksum = false;
};

Expected<BackupSettings> readSettings(const WithReader& with) {
  BackupSettings settings;
  auto path = with.requiredString("path");
  if (!path) return std::unexpected(path.error());
  if (path->front() != '/') return fail("\"path\": " + *path + " is not an absolute path");
  settings.search.path = std::move(*path);
  auto pattern = with.string("pattern", "*");
  if (!pattern) return std::unexpected(pattern.error());
  if (pattern->empty() || pattern->find('/') != std::string::npos) {
    return fail("\"pattern\" must be a glob on file names (no \"/\")");
  }
  settings.search.pattern = std::move(*pattern);
  auto recursive = with.boolean("recursive", false);
  if (!recursive) return std::unexpected(recursive.error());
  settings.search.recursive = *recursive;
  if (!with.has("max_age")) return fail("\"max_age\" is required");
  auto maxAge = with.duration("max_age");
  if (!maxAge) return std::unexpected(maxAge.error());
  settings.maxAge = *maxAge;
  auto minSize = with.size("min_size", 1);
  if (!minSize) return std::unexpected(minSize.error());
  settings.minSize = *minSize;
  if (with.has("min_size")) settings.minSizeText = with.string("min_size").value_or("");
  auto checksum = with.boolean("checksum", true);
  if (!checksum) return std::unexpected(checksum.error());
  settings.checksum = *checksum;
  auto require = with.boolean("require_checksum", false);
  if (!require) return std::unexpected(require.error());
  settings.requireChecksum = *require;
  if (settings.requireChecksum && !settings.checksum) {
    return fail("\"require_checksum\" needs \"checksum\": true");
  }
  return settings;
}

// Everything the pool thread found, handed back to the loop.
struct Findings {
  NewestBackup newest;
  bool checksumAttempted = false;  // fresh and big enough, and checksum: true
  SidecarCheck sidecar;
};

std::string joinPath(const std::string& directory, const std::string& name) {
  return directory.ends_with('/') ? directory + name : directory + "/" + name;
}

class BackupVerifyAction final : public Action {
 public:
  boost::asio::awaitable<ActionResult> run(const ActionRequest& request,
                                           SystemAccess& system) override {
    auto settings = readSettings(WithReader(request.with));
    if (!settings) co_return ActionResult::failure(settings.error().message);
    const Clock& clock = system.clock;
    const auto deadline = clock.steadyNow() + request.timeout;
    settings->search.inTime = [&clock, deadline] { return clock.steadyNow() < deadline; };
    settings->search.rails = system.fileRails;
    const auto now = clock.now();
    const std::int64_t nowNs =
        std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count();

    auto inspect = [s = *settings, nowNs] {
      Findings findings;
      findings.newest = findNewestBackup(s.search);
      const NewestBackup& newest = findings.newest;
      if (!newest.found() || !s.checksum) return findings;
      // Hashing a stale or empty backup would only delay the verdict.
      if (nowNs - newest.modifiedNs > std::chrono::nanoseconds(s.maxAge).count()) return findings;
      if (newest.size < s.minSize) return findings;
      findings.checksumAttempted = true;
      findings.sidecar =
          checkAgainstSidecar(newest.directory.get(), newest.name, newest.inode, s.search.inTime);
      return findings;
    };
    auto pending = awaitBlocking(system.blocking, std::move(inspect));
    const std::optional<Findings> findings = co_await std::move(pending);
    if (!findings) co_return ActionResult::failure("the agent stopped before the backup was read");
    co_return judge(*settings, *findings, nowNs);
  }

 private:
  static ActionResult judge(const BackupSettings& settings, const Findings& findings,
                            std::int64_t nowNs) {
    const NewestBackup& newest = findings.newest;
    const std::string& dir = settings.search.path;
    if (!newest.failure.empty()) return ActionResult::failure(newest.failure);
    if (!newest.found()) {
      return ActionResult::failure("no file matching " + settings.search.pattern + " in " + dir);
    }
    const auto age = std::chrono::duration_cast<std::chrono::seconds>(
        std::chrono::nanoseconds(nowNs - newest.modifiedNs));
    const SidecarCheck& sidecar = findings.sidecar;
    const bool verified = !sidecar.actual.empty() && sidecar.actual == sidecar.expected;
    ActionResult result;
    result.output.set("file", joinPath(dir, newest.relativeName));
    result.output.set("size_bytes", newest.size);
    result.output.set("age_seconds", static_cast<std::int64_t>(age.count()));
    result.output.set("sha256", sidecar.actual.empty() ? Value() : Value(sidecar.actual));
    result.output.set("checksum_verified", verified);
    result.output.set("files_matched", newest.matched);

    const std::string& name = newest.relativeName;
    std::string error;
    if (age > settings.maxAge) {
      error = "newest backup " + name + " is " + formatAge(age) + " old (max " +
              formatDuration(settings.maxAge) + ")";
    } else if (newest.size < settings.minSize) {
      error = "newest backup " + name + " is " + formatBytes(newest.size) + " (min " +
              settings.minSizeText + ")";
    } else if (!sidecar.problem.empty()) {
      error = sidecar.problem;
    } else if (sidecar.sidecarFound && !verified) {
      error = "checksum mismatch: expected " + sidecar.expected + ", got " + sidecar.actual;
    } else if (settings.requireChecksum && !sidecar.sidecarFound) {
      error = "no checksum file " + newest.name + std::string(kSidecarSuffix) + " next to " + name;
    }
    const char* checksumText = !findings.checksumAttempted ? "checksum not checked"
                               : verified                  ? "checksum verified"
                               : sidecar.sidecarFound      ? "checksum failed"
                                                           : "no checksum file";
    result.summary =
        name + ": " + formatAge(age) + " old, " + formatBytes(newest.size) + ", " + checksumText;
    if (!error.empty()) {
      result.ok = false;
      result.error = std::move(error);
    }
    return result;
  }
};

}  // namespace

std::unique_ptr<Action> makeBackupVerifyAction() { return std::make_unique<BackupVerifyAction>(); }

const ActionDescriptor& backupVerifyActionDescriptor() {
  static const ActionDescriptor descriptor{
      "backup.verify",
      "Check that the newest backup file is fresh, large enough and matches its .sha256 file",
      {
          {"path", ParamKind::string, true},
          {"pattern", ParamKind::string, false},
          {"max_age", ParamKind::duration, true},
          {"min_size", ParamKind::size, false},
          {"checksum", ParamKind::boolean, false},
          {"require_checksum", ParamKind::boolean, false},
          {"recursive", ParamKind::boolean, false},
      },
      &makeBackupVerifyAction,
  };
  return descriptor;
}

}  // namespace unyo::playbooks
