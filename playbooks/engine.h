#pragma once

// The playbook engine: takes run requests from triggers, the API and the
// CLI, applies each playbook's policy and runs it.
//
//   submit ─► rate limit (max_runs_per_hour, across processes) ─► rate_limited
//          └► approval required? ─► pending until approved / rejected / expired
//          └► queued: a free slot (playbooks.max_concurrent_runs) and the
//             playbook's lock (flock in the state dir: forbid skips, queue waits)
//          └► running (RunExecutor) ─► success | failure | timeout | dry_run
//
// Every state change is appended to the run history; finished runs update
// the counters file (runs, labor saved, durations), which is what the
// metrics show, so runs made by the CLI count too.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "collectors/metric_family.h"
#include "playbooks/playbook.h"
#include "playbooks/run_executor.h"
#include "playbooks/run_listener.h"
#include "playbooks/run_record.h"
#include "playbooks/state/run_store.h"
#include "playbooks/system_access.h"

namespace unyo::playbooks {

struct EngineOptions {
  std::filesystem::path stateDir;
  std::size_t maxRuns = 5000;
  int maxConcurrentRuns = 2;
  std::chrono::milliseconds defaultApprovalTtl{std::chrono::hours(1)};
  // How often a waiting run looks for an approval decision or a free lock
  // held by another process.
  std::chrono::milliseconds pollInterval{std::chrono::milliseconds(500)};
  double hourlyRateJpy = 5000;
  Value identity = Value::map();  // lg_code, system, environment, vendor, csp
  ExecutorOptions executor;
};

class Engine {
 public:
  Engine(SystemAccess& system, EngineOptions options);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Replaces the playbooks (at start and on reload). Runs in progress keep
  // the version they started with.
  void setPlaybooks(std::vector<Playbook> playbooks);
  void setOptions(EngineOptions options);  // reload: rates, limits, identity
  std::vector<std::shared_ptr<const Playbook>> playbooks() const;
  std::shared_ptr<const Playbook> find(std::string_view name) const;

  struct Request {
    std::string playbook;
    Value params = Value::map();
    bool dryRun = false;
    TriggerInfo trigger;
  };

  // Checks the request (playbook, params) and starts its run; returns the
  // run id. A rate-limited run is recorded and its id returned too (its
  // status says so). Errors: unknown playbook, bad params, stopping.
  Expected<std::string> submit(Request request);

  // submit(), then waits until the run has finished.
  boost::asio::awaitable<Expected<RunRecord>> submitAndWait(Request request);

  Expected<void> approve(const std::string& runId, const std::string& by);
  Expected<void> reject(const std::string& runId, const std::string& by);

  // Runs of this process that have not finished (pending, queued, running).
  std::vector<RunRecord> activeRuns() const;
  std::optional<RunRecord> activeRun(const std::string& runId) const;

  RunHistory& history() { return history_; }
  const std::filesystem::path& stateDir() const { return options_.stateDir; }
  void addListener(RunListener& listener) { listeners_.push_back(&listener); }

  // unyo_playbook_* and unyo_labor_saved_* from the counters file and the
  // runs in progress.
  void appendMetrics(Families& out);

  // Stops accepting runs. Pending and queued runs are recorded as rejected;
  // running ones as failures ("interrupted") — the daemon is going away.
  void stop();

 private:
  struct ActiveRun;
  class Broadcast;

  boost::asio::awaitable<void> lifecycle(std::shared_ptr<ActiveRun> active);
  boost::asio::awaitable<bool> awaitApproval(ActiveRun& active);
  boost::asio::awaitable<void> awaitSlot(ActiveRun& active);
  void finish(ActiveRun& active);
  void record(const RunRecord& run);
  void notifyChanged(const RunRecord& run);
  Value scopeFor(const ActiveRun& active) const;
  std::map<std::string, int> runningCounts() const;  // runs in progress, by playbook

  SystemAccess& system_;
  EngineOptions options_;
  RunHistory history_;
  RunCounters counters_;
  ApprovalBox approvals_;
  std::map<std::string, std::shared_ptr<const Playbook>, std::less<>> playbooks_;
  std::map<std::string, std::shared_ptr<ActiveRun>> active_;
  std::unique_ptr<Broadcast> broadcast_;  // fans RunListener calls out to listeners_
  std::vector<RunListener*> listeners_;
  int running_ = 0;
  boost::asio::steady_timer slotFreed_;  // cancelled whenever a slot frees
  bool stopping_ = false;
};

}  // namespace unyo::playbooks
