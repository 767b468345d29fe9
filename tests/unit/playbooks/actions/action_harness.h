#pragma once

// Running one action to completion on a fake clock, and files with chosen
// sizes and modification times for it to find.

#include <fcntl.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>

#include "fakes/fake_process_runner.h"
#include "playbooks/actions/action.h"
#include "support/child_process.h"
#include "unit/playbooks/process/coroutine_support.h"

namespace unyo::testing {

class ActionHarness {
 public:
  // File actions may act in the temporary folder, where TempDir puts the
  // tests' trees (the agent's default list has no /tmp).
  ActionHarness() {
    const char* base = std::getenv("TMPDIR");
    system_.access.fileRails.allowed = {base && *base ? base : "/tmp"};
  }

  playbooks::ActionResult run(playbooks::Action& action, const playbooks::Value& with,
                              bool dryRun = false,
                              std::chrono::milliseconds timeout = std::chrono::minutes(1),
                              const playbooks::Value* scope = nullptr) {
    playbooks::ActionRequest request;
    request.with = with;
    request.dryRun = dryRun;
    request.timeout = timeout;
    request.scope = scope;
    return runToCompletion(system_.io, action.run(request, system_.access));
  }

  playbooks::ActionResult run(const playbooks::ActionDescriptor& descriptor,
                              const playbooks::Value& with, bool dryRun = false) {
    auto action = descriptor.create();
    return run(*action, with, dryRun);
  }

  FakeClock& clock() { return system_.clock; }
  playbooks::SystemAccess& access() { return system_.access; }

  // `age` before the fake clock's now.
  Clock::WallTime ago(std::chrono::seconds age) const { return system_.clock.now() - age; }

 private:
  FakeProcessRunner processes_;
  TestSystem system_{processes_};
};

// Sets the mtime of `path` itself (not of what a symlink points to).
inline void setModified(const std::filesystem::path& path, Clock::WallTime when) {
  const auto ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(when.time_since_epoch()).count();
  const struct timespec time {
    static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)
  };
  const struct timespec times[2] = {time, time};
  if (::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0) {
    throw std::runtime_error("utimensat failed for " + path.string());
  }
}

// A file of `bytes` bytes (or exactly `text`) modified at `when`.
inline void makeFile(const std::filesystem::path& path, std::size_t bytes, Clock::WallTime when) {
  std::filesystem::create_directories(path.parent_path());
  writeFile(path, std::string(bytes, 'x'));
  setModified(path, when);
}

inline void makeFileWithText(const std::filesystem::path& path, std::string_view text,
                             Clock::WallTime when) {
  std::filesystem::create_directories(path.parent_path());
  writeFile(path, text);
  setModified(path, when);
}

inline playbooks::Value withOf(
    std::initializer_list<std::pair<const char*, playbooks::Value>> entries) {
  playbooks::Value with = playbooks::Value::map();
  for (const auto& [key, value] : entries) with.set(key, value);
  return with;
}

inline std::vector<std::string> paramNames(const playbooks::ActionDescriptor& descriptor) {
  std::vector<std::string> names;
  for (const auto& param : descriptor.params) names.emplace_back(param.name);
  return names;
}

}  // namespace unyo::testing
