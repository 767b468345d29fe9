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
// Every state change is appended to the run history, the one truth about
// runs: a finished run's final record gets a finish sequence number, and
// after every run that ends the engine reconciles the stores derived from
// the history (the counters file, which the metrics show, and any added
// with addRunStore, such as the ledger) so each holds every finished run
// exactly once, whichever process ran it (finished_run_store.h).

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/metric_family.h"
#include "playbooks/engine/run_executor.h"
#include "playbooks/engine/run_listener.h"
#include "playbooks/playbook.h"
#include "playbooks/run_record.h"
#include "playbooks/state/approval_box.h"
#include "playbooks/state/run_counters.h"
#include "playbooks/state/run_history.h"
#include "playbooks/system_access.h"

namespace unyo::playbooks {

struct EngineOptions {
  std::filesystem::path stateDir;
  std::size_t maxRuns = 5000;
  int maxConcurrentRuns = 2;
  // Runs of this process not finished yet (pending, queued, running): a
  // submit beyond them fails with ErrorKind::busy (playbooks.max_pending_runs).
  std::size_t maxPendingRuns = 100;
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
  // status says so). Errors: unknown playbook, bad params, stopping, busy
  // (max_pending_runs runs not finished yet).
  Expected<std::string> submit(Request request);

  // submit(), then waits until the run has finished.
  boost::asio::awaitable<Expected<RunRecord>> submitAndWait(Request request);

  // Approves or rejects a pending run, whether this process or another
  // (a CLI run) holds it. `by` names who decided ("api:ops", "cli:root").
  Expected<void> decide(const std::string& runId, bool approve, const std::string& by);

  // Runs of this process that have not finished (pending, queued, running).
  std::vector<RunRecord> activeRuns() const;
  std::optional<RunRecord> activeRun(const std::string& runId) const;

  // The newest run of a playbook (by creation) this engine knows of: read
  // from the history at recoverInterrupted(), then kept up to date on every
  // change of a run, so the playbook list never reads runs.jsonl. Runs a
  // CLI process starts later appear in the history, not here.
  std::optional<RunRecord> lastRun(std::string_view playbook) const;

  RunHistory& history() { return history_; }
  const std::filesystem::path& stateDir() const { return options_.stateDir; }
  void addListener(RunListener& listener) { listeners_.push_back(&listener); }
  // A store that must hold every finished run (the ledger); the counters
  // are one already. Add stores before the first run.
  void addRunStore(FinishedRunStore& store) { stores_.push_back(&store); }

  // Start-up, before the first run: records the runs a crash left
  // unfinished as interrupted failures (RunHistory::recoverInterrupted),
  // then reconciles. Returns how many runs were recovered.
  Expected<int> recoverInterrupted();
  // Applies every finished run of the history a store does not hold yet;
  // done after every run that ends. Failures are logged: the next
  // reconcile repairs them.
  void reconcile();

  // unyo_playbook_* and unyo_labor_saved_* from the counters file and the
  // runs in progress.
  void appendMetrics(Families& out);

  // Stops accepting runs. Pending and queued runs are recorded as rejected;
  // running ones as failures ("interrupted") — the daemon is going away.
  // They are counted and reported as finished like any other run.
  void stop();

 private:
  struct ActiveRun;
  class Broadcast;

  boost::asio::awaitable<void> lifecycle(std::shared_ptr<ActiveRun> active);
  boost::asio::awaitable<bool> awaitApproval(ActiveRun& active);
  boost::asio::awaitable<void> awaitSlot(ActiveRun& active);
  void finish(ActiveRun& active);
  void record(const RunRecord& run);          // a final record, then reconcile()
  bool appendToHistory(const RunRecord& run);  // false (logged) when it failed
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
  std::map<std::string, RunRecord, std::less<>> lastRuns_;  // by playbook, see lastRun()
  void rememberLastRun(const RunRecord& run);
  std::unique_ptr<Broadcast> broadcast_;  // fans RunListener calls out to listeners_
  std::vector<RunListener*> listeners_;
  std::vector<FinishedRunStore*> stores_;  // counters_ first
  int running_ = 0;
  boost::asio::steady_timer slotFreed_;  // cancelled whenever a slot frees
  bool stopping_ = false;
};

}  // namespace unyo::playbooks
