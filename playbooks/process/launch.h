#pragma once

// Starting a child process, without Asio: what can be checked before fork
// is checked in the parent (program in PATH, run_as user, environment), so
// the child only makes system calls between fork and exec. A failure in the
// child (chdir, setuid, exec) travels back on a close-on-exec pipe.

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "base/error.h"
#include "base/unique_fd.h"
#include "playbooks/process/process_runner.h"

namespace unyo::playbooks {

inline constexpr const char* kChildPath =
    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
inline constexpr const char* kChildLang = "C.UTF-8";

struct UserIdentity {
  std::string name;
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;  // supplementary groups, as initgroups would set them
};

// Everything the child needs, resolved in the parent.
struct LaunchPlan {
  std::filesystem::path program;  // argv[0] resolved against the child's PATH
  std::vector<std::string> argv;  // as given; argv[0] unchanged
  std::vector<std::string> env;   // "NAME=value", the child's whole environment
  std::filesystem::path workingDirectory;
  std::optional<UserIdentity> user;  // switch to this user (the agent is root)
  bool feedStdin = false;            // a pipe for stdin; otherwise /dev/null
};

// `agentIsRoot` decides whether run_as is allowed (geteuid() == 0 in production).
Expected<LaunchPlan> prepareLaunch(const ProcessSpec& spec, bool agentIsRoot);

// The parent's ends. Every descriptor is close-on-exec; stdinPipe, stdoutPipe
// and stderrPipe are not yet non-blocking (Asio makes them so).
struct LaunchedChild {
  pid_t pid = -1;  // also the child's process group id
  UniqueFd pidfd;
  UniqueFd stdinPipe;  // invalid unless plan.feedStdin
  UniqueFd stdoutPipe;
  UniqueFd stderrPipe;
  UniqueFd failurePipe;  // EOF once exec succeeded; a ChildFailure if it did not
};

// What the child writes to the failure pipe before _exit(127).
struct ChildFailure {
  enum Stage : int { stdio, credentials, workingDirectory, exec };
  int stage = exec;
  int error = 0;  // errno
};

// Forks and execs. Fails only when fork, pipe or pidfd_open fail; failures
// inside the child arrive later on failurePipe.
Expected<LaunchedChild> launch(const LaunchPlan& plan);

// "exec \"/usr/bin/x\": Permission denied", "cwd \"/nope\": No such file or directory".
std::string describeChildFailure(const ChildFailure& failure, const LaunchPlan& plan);

}  // namespace unyo::playbooks
