// ChildSession: exit, output, stdin and deadline of one child on the loop.

#include "playbooks/process/child_session.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cerrno>

#include "playbooks/process/write_without_sigpipe.h"

namespace unyo::playbooks {
namespace asio = boost::asio;

namespace {

// How long output may stay open after the child exited and its group was
// killed: only a process that left the group (setsid) can hold it longer.
constexpr auto kOutputDrain = std::chrono::seconds(2);
// steady_timer cannot take "forever"; ten years is as good.
constexpr auto kLongestTimeout = std::chrono::hours(24 * 365 * 10);
constexpr auto kExitPollInterval = std::chrono::milliseconds(100);

}  // namespace

Expected<std::shared_ptr<ChildSession>> ChildSession::create(asio::any_io_executor executor,
                                                             LaunchedChild child, ProcessSpec spec,
                                                             Logger& log, const Clock& clock) {
  auto session = std::make_shared<ChildSession>(executor, child.pid, std::move(spec), log, clock);
  boost::system::error_code ec;
  // The descriptor belongs to Asio only once assign succeeds.
  const auto adopt = [&ec](asio::posix::stream_descriptor& descriptor, UniqueFd& fd) {
    if (ec || !fd.valid()) return;
    descriptor.assign(fd.get(), ec);
    if (!ec) fd.release();
  };
  adopt(session->pidfd_, child.pidfd);
  adopt(session->stdout_.pipe, child.stdoutPipe);
  adopt(session->stderr_.pipe, child.stderrPipe);
  adopt(session->failurePipe_, child.failurePipe);
  if (child.stdinPipe.valid()) {
    const int fd = child.stdinPipe.get();
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);  // written by hand, not by Asio
    adopt(session->stdin_, child.stdinPipe);
  }
  // On failure the session's destructor kills the child; descriptors not
  // yet assigned close with `child`.
  if (ec) return fail("watching the child process: " + ec.message());
  return session;
}

ChildSession::ChildSession(asio::any_io_executor executor, pid_t pid, ProcessSpec spec, Logger& log,
                           const Clock& clock)
    : executor_(executor),
      pid_(pid),
      spec_(std::move(spec)),
      log_(log),
      clock_(clock),
      started_(clock.steadyNow()),
      pidfd_(executor),
      stdin_(executor),
      failurePipe_(executor),
      stdout_(executor, spec_.outputCap),
      stderr_(executor, spec_.outputCap),
      timer_(executor),
      exitPoll_(executor) {}

ChildSession::~ChildSession() {
  if (reaped_) return;
  // Abandoned (the loop stopped) before the child ended: do not leave it
  // running. Not waiting here: a zombie left behind is reaped by
  // reapOrphans() or by init when the agent exits.
  ::kill(-pid_, SIGKILL);
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, WNOHANG);
}

asio::awaitable<SessionOutcome> ChildSession::wait() {
  auto initiation = [self = shared_from_this()](auto handler) {
    // Resumes the waiting coroutine on its own executor, which stays busy
    // (its run() does not return) while the child runs.
    auto work = asio::make_work_guard(asio::get_associated_executor(handler, self->executor_));
    self->start([handler = std::move(handler),
                 work = std::move(work)](SessionOutcome outcome) mutable {
      auto executor = work.get_executor();
      asio::post(executor, [handler = std::move(handler), outcome = std::move(outcome)]() mutable {
        std::move(handler)(std::move(outcome));
      });
    });
  };
  return asio::async_initiate<const asio::use_awaitable_t<>&, void(SessionOutcome)>(
      std::move(initiation), asio::use_awaitable);
}

void ChildSession::start(std::move_only_function<void(SessionOutcome)> done) {
  done_ = std::move(done);
  watchExit();
  readOutput(stdout_);
  readOutput(stderr_);
  readFailure();
  writeStdin();
  armTimer(spec_.timeout, TimerPhase::deadline);
}

void ChildSession::terminate(std::chrono::milliseconds maxGrace) {
  if (exited_ || finished_) return;
  log_.info("stopping a running process", {{"pid", pid_}});
  signalGroup(SIGTERM);
  armTimer(std::min(spec_.killGrace, maxGrace), TimerPhase::kill);
}

void ChildSession::watchExit() {
  pidfd_.async_wait(asio::posix::descriptor_base::wait_read,
                    [self = shared_from_this()](const boost::system::error_code& ec) {
                      if (ec == asio::error::operation_aborted) return;
                      if (ec) {
                        self->log_.warn("cannot watch a child's pidfd; polling",
                                        {{"pid", self->pid_}, {"error", ec.message()}});
                      }
                      self->onExitReady();
                    });
}

void ChildSession::onExitReady() {
  if (exited_) return;
  siginfo_t info{};
  // Peek without reaping: the zombie keeps the pid, and so the group id, ours.
  if (::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
    // ECHILD: someone else reaped it (SIGCHLD ignored, or a waitpid(-1)).
    log_.warn("lost a child's exit status to another waiter", {{"pid", pid_}});
    reaped_ = true;
  } else if (info.si_pid == 0) {  // not exited after all
    exitPoll_.expires_after(kExitPollInterval);
    exitPoll_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (!ec) self->onExitReady();
    });
    return;
  } else if (info.si_code == CLD_EXITED) {
    exitCode_ = info.si_status;
  } else {
    signal_ = info.si_status;
  }
  exited_ = true;
  // Whatever the child left in its group (a backgrounded grandchild) ends with it.
  signalGroup(SIGKILL);
  boost::system::error_code ignored;
  stdin_.close(ignored);
  armTimer(kOutputDrain, TimerPhase::drain);
  maybeFinish();
}

void ChildSession::readOutput(Output& output) {
  output.pipe.async_read_some(
      asio::buffer(output.buffer),
      [self = shared_from_this(), &output](const boost::system::error_code& ec, std::size_t n) {
        if (n > 0) output.capture.append(std::string_view(output.buffer.data(), n));
        if (ec) {  // eof, or closed by the drain timer
          output.open = false;
          self->maybeFinish();
          return;
        }
        self->readOutput(output);
      });
}

void ChildSession::readFailure() {
  asio::async_read(failurePipe_, asio::buffer(&failureBytes_, sizeof failureBytes_),
                   [self = shared_from_this()](const boost::system::error_code&, std::size_t n) {
                     if (n == sizeof(ChildFailure)) self->launchFailure_ = self->failureBytes_;
                     self->failurePipeOpen_ = false;
                     self->maybeFinish();
                   });
}

void ChildSession::writeStdin() {
  if (!stdin_.is_open()) return;
  if (stdinWritten_ >= spec_.stdinData.size()) {
    boost::system::error_code ignored;
    stdin_.close(ignored);  // EOF for the child
    return;
  }
  stdin_.async_wait(asio::posix::descriptor_base::wait_write,
                    [self = shared_from_this()](const boost::system::error_code& ec) {
                      if (!ec && self->stdin_.is_open()) self->onStdinWritable();
                    });
}

void ChildSession::onStdinWritable() {
  const std::string& data = spec_.stdinData;
  const ssize_t n = writeWithoutSigpipe(stdin_.native_handle(), data.data() + stdinWritten_,
                                        data.size() - stdinWritten_);
  if (n > 0) {
    stdinWritten_ += static_cast<std::size_t>(n);
  } else if (errno != EAGAIN && errno != EINTR) {
    boost::system::error_code ignored;  // EPIPE: the child stopped reading
    stdin_.close(ignored);
    return;
  }
  writeStdin();
}

void ChildSession::armTimer(std::chrono::milliseconds after, TimerPhase phase) {
  // A handler already queued for an earlier phase sees another generation.
  const unsigned generation = ++timerGeneration_;
  timer_.expires_after(std::min<std::chrono::milliseconds>(after, kLongestTimeout));
  timer_.async_wait(
      [self = shared_from_this(), generation, phase](const boost::system::error_code& ec) {
        if (ec || generation != self->timerGeneration_ || self->finished_) return;
        self->onTimer(phase);
      });
}

void ChildSession::onTimer(TimerPhase phase) {
  switch (phase) {
    case TimerPhase::deadline:
      timedOut_ = true;
      log_.warn("process timed out; terminating its process group",
                {{"pid", pid_}, {"timeout_ms", spec_.timeout.count()}});
      signalGroup(SIGTERM);
      armTimer(spec_.killGrace, TimerPhase::kill);
      break;
    case TimerPhase::kill:
      log_.warn("process group still running after SIGTERM; killing it", {{"pid", pid_}});
      signalGroup(SIGKILL);
      break;
    case TimerPhase::drain: {
      log_.warn(
          "a process that left the step's process group still holds its output; "
          "not waiting for it",
          {{"pid", pid_}});
      boost::system::error_code ignored;
      stdout_.pipe.close(ignored);
      stderr_.pipe.close(ignored);
      break;
    }
  }
}

void ChildSession::signalGroup(int sig) {
  if (reaped_) return;  // the group id may belong to someone else by now
  ::kill(-pid_, sig);
}

void ChildSession::reapGroup() {
  // The child itself, and members of its group that were re-parented to us
  // (the agent is a child subreaper) and have died already. Only our
  // children in this group: nothing else's status is taken.
  for (;;) {
    siginfo_t info{};
    if (::waitid(P_PGID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG) != 0) break;
    if (info.si_pid == 0) break;
  }
  if (!reaped_) ::waitpid(pid_, nullptr, WNOHANG);
  reaped_ = true;
}

void ChildSession::maybeFinish() {
  if (finished_ || !exited_ || stdout_.open || stderr_.open || failurePipeOpen_) return;
  finished_ = true;
  ++timerGeneration_;
  boost::system::error_code ignored;
  timer_.cancel();
  exitPoll_.cancel();
  reapGroup();
  pidfd_.close(ignored);
  stdin_.close(ignored);
  failurePipe_.close(ignored);
  stdout_.pipe.close(ignored);
  stderr_.pipe.close(ignored);

  SessionOutcome outcome;
  outcome.launchFailure = launchFailure_;
  ProcessResult& r = outcome.result;
  r.exitCode = exitCode_;
  r.signal = signal_;
  r.timedOut = timedOut_;
  r.stdoutTruncated = stdout_.capture.truncated();
  r.stderrTruncated = stderr_.capture.truncated();
  r.stdoutText = stdout_.capture.take();
  r.stderrText = stderr_.capture.take();
  r.duration = std::chrono::duration_cast<std::chrono::milliseconds>(clock_.steadyNow() - started_);
  auto done = std::move(done_);
  done(std::move(outcome));
}

}  // namespace unyo::playbooks
