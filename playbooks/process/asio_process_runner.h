#pragma once

// The real ProcessRunner: fork/exec on the agent's event loop, never
// blocking it. See playbooks/process_runner.h for the guarantees and
// playbooks/process/child_session.h for how exit, timeout and the child's
// process group are handled.
//
// The runner does not make the agent a child subreaper; the daemon may
// (playbooks/process/orphans.h). Killing the child's process group already
// ends every descendant that stayed in it, which is what ordinary scripts
// do (`cmd &`, pipelines); a descendant that left the group with setsid()
// has asked to be a daemon and is the service manager's to stop.

#include <sys/types.h>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <map>
#include <memory>

#include "base/clock.h"
#include "base/logger.h"
#include "playbooks/process/process_runner.h"

namespace unyo::playbooks {

class ChildSession;

class AsioProcessRunner final : public ProcessRunner {
 public:
  // Must outlive every run() it started. Durations come from `clock`
  // (a SystemClock of its own when not given).
  AsioProcessRunner(boost::asio::any_io_executor executor, Logger& log);
  AsioProcessRunner(boost::asio::any_io_executor executor, Logger& log, const Clock& clock);
  ~AsioProcessRunner() override;
  AsioProcessRunner(const AsioProcessRunner&) = delete;
  AsioProcessRunner& operator=(const AsioProcessRunner&) = delete;

  boost::asio::awaitable<Expected<ProcessResult>> run(ProcessSpec spec) override;

  // For a graceful stop: every running child gets what a timeout gives
  // (SIGTERM to its group, SIGKILL after its grace); their run()s complete.
  void terminateAll(std::chrono::milliseconds maxGrace = std::chrono::milliseconds::max());

  // Whether `pid` is a child this runner started and has not reaped yet:
  // the predicate reapOrphans() needs so it leaves those alone.
  bool owns(pid_t pid) const;
  std::size_t running() const;  // children started and not yet reaped

 private:
  boost::asio::any_io_executor executor_;
  Logger& log_;
  SystemClock systemClock_;
  const Clock& clock_;
  std::map<pid_t, std::weak_ptr<ChildSession>> children_;
};

}  // namespace unyo::playbooks
