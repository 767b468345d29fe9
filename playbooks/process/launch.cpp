// launch: fork and exec with the child's descriptors, group and identity set.

#include "playbooks/process/launch.h"

#include <fcntl.h>
#include <grp.h>
#include <linux/close_range.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

namespace unyo::playbooks {
namespace {

// Plain values and pointers into memory the parent owns: between fork and
// exec the child may only make async-signal-safe calls (another thread of
// the parent may hold the malloc lock), so nothing here allocates.
struct ChildSetup {
  const char* program = nullptr;
  char* const* argv = nullptr;
  char* const* envp = nullptr;
  const char* workingDirectory = nullptr;
  int stdinFd = -1;
  int stdoutFd = -1;
  int stderrFd = -1;
  int failureFd = -1;
  bool switchUser = false;
  uid_t uid = 0;
  gid_t gid = 0;
  const gid_t* groups = nullptr;
  std::size_t groupCount = 0;
  int maxFd = 1024;  // for the fallback when close_range is missing
};

[[noreturn]] void childFailed(const ChildSetup& setup, int stage) {
  const ChildFailure failure{stage, errno};
  [[maybe_unused]] const ssize_t n = ::write(setup.failureFd, &failure, sizeof failure);
  ::_exit(127);
}

[[noreturn]] void runChild(const ChildSetup& setup) {
  ::setpgid(0, 0);
  // Handlers are reset by exec, but ignored signals (SIGPIPE in a server)
  // and the mask (all blocked by the parent around fork) are inherited.
  struct sigaction defaultAction {};
  defaultAction.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) ::sigaction(sig, &defaultAction, nullptr);
  sigset_t none;
  ::sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);

  if (::dup2(setup.stdinFd, 0) < 0 || ::dup2(setup.stdoutFd, 1) < 0 ||
      ::dup2(setup.stderrFd, 2) < 0) {
    childFailed(setup, ChildFailure::stdio);
  }
  if (setup.switchUser) {
    if (::setgroups(setup.groupCount, setup.groups) != 0 || ::setgid(setup.gid) != 0 ||
        ::setuid(setup.uid) != 0) {
      childFailed(setup, ChildFailure::credentials);
    }
  }
  // After the switch, so the user's own permissions decide.
  if (::chdir(setup.workingDirectory) != 0) childFailed(setup, ChildFailure::workingDirectory);
  // Everything above 2 closes at exec (the failure pipe must stay open until then).
  if (::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
    for (int fd = 3; fd < setup.maxFd; ++fd) {
      if (fd != setup.failureFd) ::close(fd);
    }
  }
  ::execve(setup.program, setup.argv, setup.envp);
  childFailed(setup, ChildFailure::exec);
}

// A descriptor above 2, so dup2 onto 0..2 in the child never clobbers it.
Expected<UniqueFd> aboveStdio(int fd) {
  if (fd > 2) return UniqueFd(fd);
  const int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
  const int err = errno;
  ::close(fd);
  if (moved < 0) return fail(std::string("fcntl: ") + std::strerror(err));
  return UniqueFd(moved);
}

struct Pipe {
  UniqueFd read;
  UniqueFd write;
};

Expected<Pipe> makePipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return fail(std::string("pipe: ") + std::strerror(errno));
  auto read = aboveStdio(fds[0]);
  auto write = aboveStdio(fds[1]);
  if (!read) return std::unexpected(read.error());
  if (!write) return std::unexpected(write.error());
  return Pipe{std::move(*read), std::move(*write)};
}

std::vector<char*> pointers(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (const auto& s : strings)
    out.push_back(const_cast<char*>(s.c_str()));  // execve does not write
  out.push_back(nullptr);
  return out;
}

}  // namespace

Expected<LaunchedChild> launch(const LaunchPlan& plan) {
  auto out = makePipe();
  if (!out) return std::unexpected(out.error());
  auto err = makePipe();
  if (!err) return std::unexpected(err.error());
  auto failure = makePipe();
  if (!failure) return std::unexpected(failure.error());
  Pipe in;
  if (plan.feedStdin) {
    auto pipe = makePipe();
    if (!pipe) return std::unexpected(pipe.error());
    in = std::move(*pipe);
  } else {
    auto devNull = aboveStdio(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    if (!devNull || !devNull->valid()) return fail("open /dev/null failed");
    in.read = std::move(*devNull);
  }

  const std::vector<char*> argv = pointers(plan.argv);
  const std::vector<char*> envp = pointers(plan.env);
  const long openMax = ::sysconf(_SC_OPEN_MAX);
  ChildSetup setup;
  setup.program = plan.program.c_str();
  setup.argv = argv.data();
  setup.envp = envp.data();
  setup.workingDirectory = plan.workingDirectory.c_str();
  setup.stdinFd = in.read.get();
  setup.stdoutFd = out->write.get();
  setup.stderrFd = err->write.get();
  setup.failureFd = failure->write.get();
  setup.maxFd = openMax > 0 && openMax < 65536 ? static_cast<int>(openMax) : 65536;
  if (plan.user) {
    setup.switchUser = true;
    setup.uid = plan.user->uid;
    setup.gid = plan.user->gid;
    setup.groups = plan.user->groups.data();
    setup.groupCount = plan.user->groups.size();
  }

  // No signal handler of the agent may run in the child before it resets them.
  sigset_t all;
  sigset_t previous;
  ::sigfillset(&all);
  ::pthread_sigmask(SIG_SETMASK, &all, &previous);
  const pid_t pid = ::fork();
  if (pid == 0) runChild(setup);
  const int forkError = errno;
  ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  if (pid < 0) return fail(std::string("fork: ") + std::strerror(forkError));

  // The child does the same; whichever runs first makes the group exist
  // before anyone signals it.
  ::setpgid(pid, pid);
  // The child is ours and not yet reaped, so its pid cannot be reused here.
  // The system call itself: glibc 2.36 declares pidfd_open without extern "C".
  // A pidfd is always close-on-exec.
  const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  if (pidfd < 0) {
    const int pidfdError = errno;
    ::kill(-pid, SIGKILL);
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);  // killed; returns at once
    return fail(std::string("pidfd_open (needs Linux 5.3): ") + std::strerror(pidfdError));
  }

  LaunchedChild child;
  child.pid = pid;
  child.pidfd.reset(pidfd);
  child.stdinPipe = std::move(in.write);
  child.stdoutPipe = std::move(out->read);
  child.stderrPipe = std::move(err->read);
  child.failurePipe = std::move(failure->read);
  return child;  // the child's ends close here, so EOF comes when the child's do
}

std::string describeChildFailure(const ChildFailure& failure, const LaunchPlan& plan) {
  const std::string reason = std::strerror(failure.error);
  switch (failure.stage) {
    case ChildFailure::stdio:
      return "setting up stdin/stdout/stderr: " + reason;
    case ChildFailure::credentials:
      return "run_as \"" + (plan.user ? plan.user->name : std::string()) + "\": " + reason;
    case ChildFailure::workingDirectory:
      return "cwd \"" + plan.workingDirectory.string() + "\": " + reason;
    default:
      return "exec \"" + plan.program.string() + "\": " + reason;
  }
}

}  // namespace unyo::playbooks
