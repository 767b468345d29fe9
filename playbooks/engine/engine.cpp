#include "playbooks/engine/engine.h"

#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "playbooks/engine/labor_credit.h"
#include "playbooks/engine/param_binding.h"
#include "playbooks/state/playbook_lock.h"

namespace asio = boost::asio;

namespace unyo::playbooks {

struct Engine::ActiveRun {
  ActiveRun(asio::any_io_executor executor) : wake(executor), done(executor) {
    done.expires_at(asio::steady_timer::time_point::max());
  }
  RunRecord record;
  std::shared_ptr<const Playbook> playbook;
  Value params;  // bound, typed, secrets in clear: for the scope only
  Redactor redactor;
  std::chrono::milliseconds approvalTtl{};
  std::optional<ApprovalDecision> decision;  // made in this process
  std::optional<PlaybookLock> lock;
  bool holdsSlot = false;
  bool recorded = false;  // its final state is in the history
  asio::steady_timer wake;  // approval and lock polling
  asio::steady_timer done;  // never expires; cancelled when the run finishes
};

// Forwards to every registered listener, so the executor has one to call.
class Engine::Broadcast final : public RunListener {
 public:
  explicit Broadcast(std::vector<RunListener*>& listeners) : listeners_(listeners) {}
  void runChanged(const RunRecord& run) override {
    for (auto* l : listeners_) l->runChanged(run);
  }
  void stepStarted(const RunRecord& run, const std::string& step, int attempt) override {
    for (auto* l : listeners_) l->stepStarted(run, step, attempt);
  }
  void stepFinished(const RunRecord& run, const StepRecord& step) override {
    for (auto* l : listeners_) l->stepFinished(run, step);
  }
  void runFinished(const RunRecord& run) override {
    for (auto* l : listeners_) l->runFinished(run);
  }

 private:
  std::vector<RunListener*>& listeners_;
};

Engine::Engine(SystemAccess& system, EngineOptions options)
    : system_(system),
      options_(std::move(options)),
      history_(options_.stateDir, options_.maxRuns),
      counters_(options_.stateDir),
      approvals_(options_.stateDir),
      broadcast_(std::make_unique<Broadcast>(listeners_)),
      slotFreed_(system.executor) {
  slotFreed_.expires_at(asio::steady_timer::time_point::max());
  stores_.push_back(&counters_);
}

Engine::~Engine() = default;

void Engine::setPlaybooks(std::vector<Playbook> playbooks) {
  playbooks_.clear();
  for (auto& p : playbooks) {
    auto shared = std::make_shared<const Playbook>(std::move(p));
    playbooks_.emplace(shared->name, std::move(shared));
  }
}

void Engine::setOptions(EngineOptions options) {
  options_ = std::move(options);
  slotFreed_.cancel();  // a higher limit may admit queued runs now
}

std::vector<std::shared_ptr<const Playbook>> Engine::playbooks() const {
  std::vector<std::shared_ptr<const Playbook>> out;
  for (const auto& [name, p] : playbooks_) out.push_back(p);
  return out;
}

std::shared_ptr<const Playbook> Engine::find(std::string_view name) const {
  auto it = playbooks_.find(name);
  return it == playbooks_.end() ? nullptr : it->second;
}

Expected<std::string> Engine::submit(Request request) {
  if (stopping_) return fail("the agent is stopping", ErrorKind::stopping);
  if (active_.size() >= options_.maxPendingRuns) {
    return fail("too many runs not finished yet (" + std::to_string(active_.size()) +
                    ", playbooks.max_pending_runs " + std::to_string(options_.maxPendingRuns) +
                    "); retry later",
                ErrorKind::busy);
  }
  auto playbook = find(request.playbook);
  if (!playbook) {
    return fail("unknown playbook \"" + request.playbook + "\"", ErrorKind::notFound);
  }

  auto active = std::make_shared<ActiveRun>(system_.executor);
  auto params = bindParams(*playbook, request.params, active->redactor);
  if (!params) return fail(params.error().message, ErrorKind::invalid);
  active->playbook = playbook;
  active->params = std::move(*params);
  active->approvalTtl = playbook->policy.approvalTtl.value_or(options_.defaultApprovalTtl);

  const auto now = system_.clock.now();
  RunRecord& run = active->record;
  run.id = newRunId(now);
  run.playbook = playbook->name;
  run.trigger = std::move(request.trigger);
  run.trigger.labels = active->redactor.redact(run.trigger.labels);
  run.params = displayParams(*playbook, active->params);
  run.dryRun = request.dryRun;
  run.createdAt = now;
  run.pid = static_cast<int>(::getpid());

  // A dry run changes nothing, so it does not count against the limit.
  if (!run.dryRun && playbook->policy.maxRunsPerHour > 0) {
    auto admitted = counters_.admitStart(playbook->name, playbook->policy.maxRunsPerHour, now);
    if (!admitted) return std::unexpected(admitted.error());
    if (!*admitted) {
      run.status = RunStatus::rateLimited;
      run.error = "more than " + std::to_string(playbook->policy.maxRunsPerHour) +
                  " runs in the last hour (policy.max_runs_per_hour)";
      run.finishedAt = now;
      record(run);
      system_.log.warn("playbook run refused", {{"playbook", run.playbook},
                                                {"run", run.id},
                                                {"reason", "rate_limited"}});
      broadcast_->runFinished(run);
      return run.id;
    }
  }

  const bool needsApproval =
      playbook->policy.approval == Approval::required ||
      (playbook->policy.approval == Approval::whenOverridden &&
       overridesDefaults(*playbook, request.params));
  if (needsApproval && !run.dryRun) {
    run.status = RunStatus::pending;
    run.approvalExpiresAt = now + active->approvalTtl;
  } else {
    run.status = RunStatus::queued;
  }
  // A run the history does not know would be counted nowhere: refused.
  if (auto appended = history_.append(run); !appended) {
    return fail("cannot record the run: " + appended.error().message);
  }
  active_.emplace(run.id, active);
  notifyChanged(run);
  system_.log.info("playbook run accepted", {{"playbook", run.playbook},
                                             {"run", run.id},
                                             {"trigger", triggerTypeName(run.trigger.type)},
                                             {"status", runStatusName(run.status)},
                                             {"dry_run", run.dryRun}});
  asio::co_spawn(system_.executor, lifecycle(active), asio::detached);
  return run.id;
}

asio::awaitable<Expected<RunRecord>> Engine::submitAndWait(Request request) {
  auto id = submit(std::move(request));
  if (!id) co_return std::unexpected(id.error());
  auto it = active_.find(*id);
  if (it != active_.end()) {
    std::shared_ptr<ActiveRun> active = it->second;
    boost::system::error_code ec;
    co_await active->done.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    co_return active->record;
  }
  auto recorded = history_.find(*id);  // finished at once (rate limited)
  if (!recorded) co_return std::unexpected(recorded.error());
  if (!*recorded) co_return fail("run " + *id + " vanished from the history");
  co_return **recorded;
}

Expected<void> Engine::decide(const std::string& runId, bool approve, const std::string& by) {
  ApprovalDecision decision{approve, by, system_.clock.now()};
  auto it = active_.find(runId);
  if (it != active_.end() && it->second->record.status == RunStatus::pending) {
    it->second->decision = decision;
    it->second->wake.cancel();
    return {};
  }
  // Held by another process (a CLI run): leave the decision where it looks.
  return approvals_.decide(runId, decision);
}

std::vector<RunRecord> Engine::activeRuns() const {
  std::vector<RunRecord> out;
  for (const auto& [id, active] : active_) out.push_back(active->record);
  return out;
}

std::map<std::string, int> Engine::runningCounts() const {
  std::map<std::string, int> counts;
  for (const auto& [id, active] : active_) {
    if (active->record.status == RunStatus::running) ++counts[active->record.playbook];
  }
  return counts;
}

std::optional<RunRecord> Engine::activeRun(const std::string& runId) const {
  auto it = active_.find(runId);
  if (it == active_.end()) return std::nullopt;
  return it->second->record;
}

asio::awaitable<void> Engine::lifecycle(std::shared_ptr<ActiveRun> active) {
  RunRecord& run = active->record;
  if (run.status == RunStatus::pending) {
    const bool approved = co_await awaitApproval(*active);
    if (!approved) {
      finish(*active);
      co_return;
    }
    run.status = RunStatus::queued;
    appendToHistory(run);
    notifyChanged(run);
  }
  co_await awaitSlot(*active);
  if (isFinished(run.status)) {  // skipped, or the engine stopped
    finish(*active);
    co_return;
  }
  run.status = RunStatus::running;
  appendToHistory(run);
  notifyChanged(run);
  system_.log.info("playbook run started", {{"playbook", run.playbook}, {"run", run.id}});

  RunExecutor executor(system_, active->playbook, run, scopeFor(*active), active->redactor,
                       *broadcast_, options_.executor);
  co_await executor.execute();
  if (stopping_) co_return;  // stop() already recorded it as interrupted
  creditLabor(*active->playbook, options_.hourlyRateJpy, run);
  finish(*active);
}

asio::awaitable<bool> Engine::awaitApproval(ActiveRun& active) {
  RunRecord& run = active.record;
  for (;;) {
    if (!active.decision) {
      auto filed = approvals_.decision(run.id);
      if (filed && *filed) active.decision = **filed;
    }
    if (active.decision) {
      approvals_.forget(run.id);
      run.decidedBy = active.decision->by;
      if (active.decision->approved) {
        system_.log.info("playbook run approved", {{"run", run.id}, {"by", run.decidedBy}});
        co_return true;
      }
      run.status = RunStatus::rejected;
      run.error = "rejected by " + run.decidedBy;
      co_return false;
    }
    if (stopping_) co_return false;
    if (system_.clock.now() >= *run.approvalExpiresAt) {
      run.status = RunStatus::rejected;
      run.error = "approval expired after " +
                  std::to_string(std::chrono::duration_cast<std::chrono::minutes>(
                                     active.approvalTtl)
                                     .count()) +
                  " min without a decision";
      co_return false;
    }
    boost::system::error_code ec;
    active.wake.expires_after(options_.pollInterval);
    co_await active.wake.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
}

asio::awaitable<void> Engine::awaitSlot(ActiveRun& active) {
  RunRecord& run = active.record;
  boost::system::error_code ec;
  while (!stopping_ && running_ >= options_.maxConcurrentRuns) {
    co_await slotFreed_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
  if (stopping_) co_return;
  ++running_;
  active.holdsSlot = true;
  for (;;) {
    auto lock = PlaybookLock::tryAcquire(options_.stateDir, run.playbook);
    if (!lock) {
      run.status = RunStatus::failure;
      run.error = "cannot take the playbook's lock: " + lock.error().message;
      co_return;
    }
    if (*lock) {
      active.lock = std::move(**lock);
      co_return;
    }
    if (active.playbook->policy.concurrency == Concurrency::forbid) {
      run.status = RunStatus::skipped;
      run.error = "another run of " + run.playbook + " is in progress (policy.concurrency: forbid)";
      co_return;
    }
    if (stopping_) co_return;
    active.wake.expires_after(options_.pollInterval);
    co_await active.wake.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
}

void Engine::finish(ActiveRun& active) {
  if (active.recorded) return;  // stop() got there first
  active.recorded = true;
  RunRecord& run = active.record;
  if (!run.finishedAt) run.finishedAt = system_.clock.now();
  record(run);
  active.lock.reset();
  if (active.holdsSlot) {
    active.holdsSlot = false;
    --running_;
    slotFreed_.cancel();  // wake the queue; each waiter re-checks
  }
  const auto level = run.status == RunStatus::success || run.status == RunStatus::dryRun
                         ? LogLevel::info
                         : LogLevel::warn;
  system_.log.log(level, "playbook run finished",
                  {{"playbook", run.playbook},
                   {"run", run.id},
                   {"status", runStatusName(run.status)},
                   {"duration_seconds", run.durationSeconds()},
                   {"labor_minutes", run.laborMinutes},
                   {"error", run.error}});
  broadcast_->runFinished(run);
  active.done.cancel();
  active_.erase(run.id);
}

void Engine::record(const RunRecord& run) {
  appendToHistory(run);
  rememberLastRun(run);
  reconcile();
}

// A run whose final record cannot be appended stays unfinished in the
// history and is recovered as interrupted at the next start: counted then,
// in every store alike.
bool Engine::appendToHistory(const RunRecord& run) {
  auto appended = history_.append(run);
  if (!appended) {
    system_.log.error("cannot record the run", {{"run", run.id},
                                                {"status", runStatusName(run.status)},
                                                {"err", appended.error().message}});
  }
  return appended.has_value();
}

void Engine::reconcile() {
  auto reconciled = history_.reconcile(stores_);
  if (!reconciled) {
    system_.log.error("cannot count finished runs: the run history is unreadable",
                      {{"err", reconciled.error().message}});
    return;
  }
  if (reconciled->historyBehind) {
    system_.log.warn("the run history is behind the counters or the ledger (replaced or "
                     "deleted?): new runs are numbered after what they hold",
                     {{"file", history_.file().string()}});
  }
  for (const auto& [store, applied] : reconciled->stores) {
    if (!applied) {
      system_.log.error("cannot count finished runs; retried after the next run",
                        {{"store", store}, {"err", applied.error().message}});
    } else if (*applied > 0) {
      system_.log.debug("finished runs counted", {{"store", store}, {"runs", *applied}});
    }
  }
}

Expected<int> Engine::recoverInterrupted() {
  auto recovered = history_.recoverInterrupted(system_.clock.now());
  if (recovered && history_.skippedLines() > 0) {
    system_.log.warn("malformed lines in the run history skipped",
                     {{"file", history_.file().string()}, {"lines", history_.skippedLines()}});
  }
  // Reconciled even when recovery failed: what the history does hold still counts.
  reconcile();
  if (auto runs = history_.list(std::nullopt, 0)) {
    for (const auto& run : *runs) rememberLastRun(run);
  }
  return recovered;
}

void Engine::notifyChanged(const RunRecord& run) {
  rememberLastRun(run);
  broadcast_->runChanged(run);
}

void Engine::rememberLastRun(const RunRecord& run) {
  auto it = lastRuns_.find(run.playbook);
  if (it == lastRuns_.end()) {
    lastRuns_.emplace(run.playbook, run);
  } else if (it->second.id == run.id || it->second.createdAt < run.createdAt ||
             (it->second.createdAt == run.createdAt && it->second.id < run.id)) {
    it->second = run;
  }
}

std::optional<RunRecord> Engine::lastRun(std::string_view playbook) const {
  auto it = lastRuns_.find(playbook);
  if (it == lastRuns_.end()) return std::nullopt;
  return it->second;
}

Value Engine::scopeFor(const ActiveRun& active) const {
  const RunRecord& run = active.record;
  Value scope = Value::map();
  scope.set("params", active.params);
  // The config's playbooks.vars with the playbook's own over them, as the
  // playbook was loaded: a reload brings changed vars to the next run.
  scope.set("vars", active.playbook->vars);
  scope.set("steps", Value::map());
  Value runInfo = Value::map();
  runInfo.set("id", run.id);
  runInfo.set("trigger", std::string(triggerTypeName(run.trigger.type)));
  runInfo.set("dry_run", run.dryRun);
  runInfo.set("error", "");
  runInfo.set("started_at", "");
  scope.set("run", std::move(runInfo));
  Value playbook = Value::map();
  playbook.set("name", active.playbook->name);
  playbook.set("description", active.playbook->description);
  scope.set("playbook", std::move(playbook));
  scope.set("identity", options_.identity);
  Value trigger = Value::map();
  trigger.set("type", std::string(triggerTypeName(run.trigger.type)));
  trigger.set("labels", run.trigger.labels);
  trigger.set("alert", run.trigger.labels);
  trigger.set("scheduled_at", run.trigger.scheduledAt
                                 ? Value(static_cast<std::int64_t>(std::chrono::system_clock::to_time_t(
                                       *run.trigger.scheduledAt)))
                                 : Value(""));
  scope.set("trigger", std::move(trigger));
  return scope;
}

void Engine::stop() {
  stopping_ = true;
  std::vector<std::shared_ptr<ActiveRun>> stopped;
  for (auto& [id, active] : active_) {
    if (active->recorded) continue;
    RunRecord& run = active->record;
    if (run.status == RunStatus::running) {
      run.status = RunStatus::failure;
      run.error = "interrupted: the agent stopped during the run";
    } else {
      run.status = RunStatus::rejected;
      run.error = "the agent stopped before the run started";
    }
    run.finishedAt = system_.clock.now();
    appendToHistory(run);
    active->recorded = true;
    active->lock.reset();
    active->wake.cancel();
    stopped.push_back(active);
  }
  active_.clear();
  slotFreed_.cancel();
  if (!stopped.empty()) reconcile();  // one pass for all of them
  for (const auto& active : stopped) {
    system_.log.warn("playbook run finished", {{"playbook", active->record.playbook},
                                               {"run", active->record.id},
                                               {"status", runStatusName(active->record.status)},
                                               {"error", active->record.error}});
    broadcast_->runFinished(active->record);
    active->done.cancel();
  }
}

}  // namespace unyo::playbooks
