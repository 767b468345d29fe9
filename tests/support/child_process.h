#pragma once

// A real child process for integration tests: the built unyo binary, a
// Prometheus server. Killed (with its process group) when the object dies.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace unyo::testing {

class ChildProcess {
 public:
  // Starts argv[0] with the given arguments; stdout and stderr go to files
  // in `logDir` so tests can read what the child said.
  ChildProcess(std::vector<std::string> argv, const std::filesystem::path& logDir,
               std::vector<std::string> extraEnv = {});
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  void signal(int sig) const;

  // The exit code (128 + signal for a killed child), or nullopt if the child
  // is still running after `timeout`.
  std::optional<int> waitExit(std::chrono::milliseconds timeout);

  std::string stdoutText() const;
  std::string stderrText() const;

 private:
  pid_t pid_ = -1;
  std::optional<int> exitCode_;
  std::filesystem::path stdoutPath_;
  std::filesystem::path stderrPath_;
};

// Polls `condition` every 20 ms until it holds or `timeout` passes.
template <class Condition>
bool waitUntil(Condition condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    struct timespec ts {0, 20'000'000};
    nanosleep(&ts, nullptr);
  }
  return condition();
}

// A fresh directory under $TMPDIR, removed with its contents at the end.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

void writeFile(const std::filesystem::path& path, std::string_view text);
std::string readFile(const std::filesystem::path& path);

// A TCP port that was free a moment ago on 127.0.0.1 (for servers, such as
// Prometheus, that cannot report the port they bound).
int freeTcpPort();

// The path in environment variable `name`, failing the test if unset.
std::string requiredEnv(const char* name);

}  // namespace unyo::testing
