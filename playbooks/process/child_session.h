#pragma once

// One started child, watched on the event loop without blocking it:
// pidfd for the exit, pipes for stdin/stdout/stderr, a timer for the
// deadline. On timeout the whole process group gets SIGTERM, then SIGKILL
// after the grace period; when the child exits (on its own or not) whatever
// is left in its group gets SIGKILL. The child stays an unreaped zombie
// until the end, so its pid (the group id) cannot be reused while we signal
// the group; then it is reaped, with any member of its group that became
// our child (when the agent is a child subreaper).

#include <sys/types.h>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/logger.h"
#include "playbooks/process/capped_output.h"
#include "playbooks/process/launch.h"
#include "playbooks/process/process_runner.h"

namespace unyo::playbooks {

struct SessionOutcome {
  ProcessResult result;
  std::optional<ChildFailure> launchFailure;  // the child never reached exec
};

class ChildSession : public std::enable_shared_from_this<ChildSession> {
 public:
  // Takes the child's descriptors; fails (after killing the child) only when
  // Asio cannot watch them.
  static Expected<std::shared_ptr<ChildSession>> create(boost::asio::any_io_executor executor,
                                                        LaunchedChild child, ProcessSpec spec,
                                                        Logger& log, const Clock& clock);

  ChildSession(boost::asio::any_io_executor executor, pid_t pid, ProcessSpec spec, Logger& log,
               const Clock& clock);
  ~ChildSession();
  ChildSession(const ChildSession&) = delete;
  ChildSession& operator=(const ChildSession&) = delete;

  // Completes once the child has exited, its group was killed and its output
  // read to the end. Call once. Not a coroutine: build it before co_await.
  boost::asio::awaitable<SessionOutcome> wait();

  // Ends the child the way a timeout does, without marking it timed out.
  // SIGTERM to the group now, SIGKILL after the spec's grace or `maxGrace`,
  // whichever is shorter (a stopping agent has little time).
  void terminate(std::chrono::milliseconds maxGrace = std::chrono::milliseconds::max());

  pid_t pid() const { return pid_; }
  bool reaped() const { return reaped_; }

 private:
  struct Output {
    Output(const boost::asio::any_io_executor& executor, std::size_t cap)
        : pipe(executor), capture(cap), buffer(16 * 1024) {}
    boost::asio::posix::stream_descriptor pipe;
    CappedOutput capture;
    std::vector<char> buffer;
    bool open = true;
  };
  enum class TimerPhase { deadline, kill, drain };

  void start(std::move_only_function<void(SessionOutcome)> done);
  void watchExit();
  void onExitReady();
  void readOutput(Output& output);
  void readFailure();
  void writeStdin();
  void onStdinWritable();
  void armTimer(std::chrono::milliseconds after, TimerPhase phase);
  void onTimer(TimerPhase phase);
  void signalGroup(int sig);
  void maybeFinish();
  void reapGroup();

  boost::asio::any_io_executor executor_;
  pid_t pid_;
  ProcessSpec spec_;
  Logger& log_;
  const Clock& clock_;
  Clock::SteadyTime started_;

  boost::asio::posix::stream_descriptor pidfd_;
  boost::asio::posix::stream_descriptor stdin_;
  boost::asio::posix::stream_descriptor failurePipe_;
  Output stdout_;
  Output stderr_;
  boost::asio::steady_timer timer_;
  boost::asio::steady_timer exitPoll_;  // only if watching the pidfd ever fails
  unsigned timerGeneration_ = 0;

  std::size_t stdinWritten_ = 0;
  ChildFailure failureBytes_{};
  std::optional<ChildFailure> launchFailure_;
  bool failurePipeOpen_ = true;
  bool exited_ = false;
  bool reaped_ = false;
  bool timedOut_ = false;
  bool finished_ = false;
  int exitCode_ = -1;
  int signal_ = 0;
  std::move_only_function<void(SessionOutcome)> done_;
};

}  // namespace unyo::playbooks
