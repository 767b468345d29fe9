#pragma once

// Child processes for playbook steps. Each child runs in its own process
// group with a minimal environment; on timeout the whole group gets SIGTERM,
// then SIGKILL after a grace period. Output is captured up to a cap. No
// zombie, no leaked file descriptor, no process left behind.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/error.h"

namespace unyo::playbooks {

struct ProcessSpec {
  std::vector<std::string> argv;             // argv[0] is looked up in PATH when it has no '/'
  std::map<std::string, std::string> env;    // added to PATH and LANG=C.UTF-8
  std::optional<std::string> runAs;          // user name; only honoured when the agent is root
  std::filesystem::path workingDirectory;    // empty: "/"
  std::string stdinData;                     // written to the child's stdin, then closed
  std::chrono::milliseconds timeout{std::chrono::minutes(10)};
  std::chrono::milliseconds killGrace{std::chrono::seconds(5)};  // SIGTERM -> SIGKILL
  std::size_t outputCap = 64 * 1024;         // per stream
};

struct ProcessResult {
  int exitCode = -1;         // when it exited
  int signal = 0;            // when a signal ended it
  bool timedOut = false;     // we killed it for running past the timeout
  std::string stdoutText;
  std::string stderrText;
  bool stdoutTruncated = false;  // a marker line says so at the end of the text
  bool stderrTruncated = false;
  std::chrono::milliseconds duration{0};

  bool succeeded() const { return !timedOut && signal == 0 && exitCode == 0; }
};

class ProcessRunner {
 public:
  virtual ~ProcessRunner() = default;
  // Fails (rather than returning a result) only when the process could not
  // be started: no such program, fork failure, unknown run_as user.
  virtual boost::asio::awaitable<Expected<ProcessResult>> run(ProcessSpec spec) = 0;
};

}  // namespace unyo::playbooks
