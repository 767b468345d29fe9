#pragma once

// Executes one run's steps: `when`, templates, retries with their delay,
// per-step and per-run timeouts, on_failure: abort|continue, the
// playbook's on_failure steps, dry-run, redaction. Policies (approval,
// rate limits, locks, concurrency) are the engine's business; by the time
// a run gets here it may go.

#include <boost/asio/awaitable.hpp>
#include <memory>

#include "playbooks/engine/redactor.h"
#include "playbooks/engine/run_listener.h"
#include "playbooks/playbook.h"
#include "playbooks/run_record.h"
#include "playbooks/system_access.h"

namespace unyo::playbooks {

struct ExecutorOptions {
  // How long past its timeout an action may take to give up by itself
  // (exec sends SIGTERM, waits kill_grace, then SIGKILL) before the step is
  // declared timed out regardless.
  std::chrono::milliseconds timeoutGrace{std::chrono::seconds(7)};
  // Budget of each on_failure step once the run's own time is up.
  std::chrono::milliseconds onFailureBudget{std::chrono::minutes(2)};
  std::size_t maxOutputBytes = 16 * 1024;  // per string kept in the record
};

class RunExecutor {
 public:
  // `scope` holds params, run, playbook, identity and trigger; steps are
  // added as they finish. `run` is updated in place (steps, status, error).
  RunExecutor(SystemAccess& system, std::shared_ptr<const Playbook> playbook, RunRecord& run,
              Value scope, Redactor redactor, RunListener& listener,
              ExecutorOptions options = {});

  // Sets run.status to success, failure or timeout; a dry run always ends
  // as dry_run, with what would have failed in run.error.
  boost::asio::awaitable<void> execute();

 private:
  enum class Outcome { ok, failed, timedOut };
  boost::asio::awaitable<Outcome> runSteps(const std::vector<Step>& steps,
                                           std::vector<StepRecord>& records,
                                           Clock::SteadyTime deadline, bool isOnFailure);
  boost::asio::awaitable<StepRecord> runStep(const Step& step, Clock::SteadyTime deadline);
  // A step with `loop:`: each item in turn, with item and loop.* in the
  // scope; fills record.items and sums them up. Returns what later steps
  // read as steps.ID (with .results, one entry per item).
  boost::asio::awaitable<Value> runLoop(const Step& step, Clock::SteadyTime deadline,
                                        StepRecord& record);
  // The step's `when` and its action with retries, once, against the
  // scope as it stands; the output as the action gave it (not redacted).
  boost::asio::awaitable<StepItemRecord> runOnce(const Step& step, Clock::SteadyTime deadline);
  void publishStep(const StepRecord& record);

  SystemAccess& system_;
  std::shared_ptr<const Playbook> playbook_;
  RunRecord& run_;
  Value scope_;
  Redactor redactor_;
  RunListener& listener_;
  ExecutorOptions options_;
};

// A `with:` as written, filled in from the scope.
Expected<Value> renderWith(const WithNode& node, const Value& scope);

}  // namespace unyo::playbooks
