#include "playbooks/engine/run_executor.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "base/duration.h"
#include "base/iso_time.h"
#include "playbooks/actions/action.h"
#include "playbooks/engine/step_loop.h"

namespace asio = boost::asio;

namespace unyo::playbooks {
namespace {

using std::chrono::milliseconds;

// An action running under a watchdog. The action coroutine and the waiting
// step share this; whichever outlives the other keeps it alive, so a step
// can give up on an action that ignores its timeout without dangling.
struct ActionRace {
  explicit ActionRace(asio::any_io_executor executor) : wake(executor) {}
  asio::steady_timer wake;
  std::optional<ActionResult> result;
};

asio::awaitable<void> runAction(std::shared_ptr<Action> action,
                                std::shared_ptr<ActionRequest> request, SystemAccess& system,
                                std::shared_ptr<ActionRace> race) {
  ActionResult result;
  try {
    result = co_await action->run(*request, system);
  } catch (const std::exception& e) {
    result = ActionResult::failure(std::string("action failed unexpectedly: ") + e.what());
  }
  race->result = std::move(result);
  race->wake.cancel();
}

// What later templates read as steps.ID (or, for an item of a loop, as an
// entry of steps.ID.results).
Value resultScope(const StepItemRecord& result) {
  Value entry = Value::map();
  entry.set("ok", result.status == StepStatus::ok);
  entry.set("failed", result.status == StepStatus::failed || result.status == StepStatus::timedOut);
  entry.set("skipped", result.status == StepStatus::skipped);
  entry.set("changed", result.changed);
  entry.set("status", std::string(stepStatusName(result.status)));
  entry.set("error", result.error);
  entry.set("attempts", result.attempts);
  entry.set("summary", result.summary);
  entry.set("output", result.output.isNull() ? Value::map() : result.output);
  return entry;
}

// A loop step's own status, summed up from its items, as steps.ID shows it.
StepItemRecord asResult(const StepRecord& record) {
  StepItemRecord result;
  result.status = record.status;
  result.attempts = record.attempts;
  result.changed = record.changed;
  result.error = record.error;
  result.summary = record.summary;
  return result;
}

// A path the action needs absolute that a template filled in as a relative
// one (the parser refuses those written out).
std::optional<std::string> relativePathIn(const ActionDescriptor& action, const Value& with) {
  for (const ParamSpec& param : action.params) {
    if (!param.absolutePath) continue;
    const Value* value = with.find(param.name);
    if (value == nullptr || !value->isString()) continue;
    const std::string& path = value->asString();
    if (path.empty() || path.front() == '/') continue;
    return inQuotes(param.name) + " must be an absolute path, got " + inQuotes(path);
  }
  return std::nullopt;
}

void forget(Value& scope, std::string_view key) {
  std::erase_if(scope.asMap(), [&](const auto& entry) { return entry.first == key; });
}

}  // namespace

Expected<Value> renderWith(const WithNode& node, const Value& scope) {
  if (const auto* text = std::get_if<Template>(&node.data)) return text->render(scope);
  if (const auto* list = std::get_if<std::vector<WithNode>>(&node.data)) {
    Value::List out;
    for (const auto& item : *list) {
      auto rendered = renderWith(item, scope);
      if (!rendered) return rendered;
      out.push_back(std::move(*rendered));
    }
    return Value(std::move(out));
  }
  if (const auto* map = std::get_if<std::vector<std::pair<std::string, WithNode>>>(&node.data)) {
    Value out = Value::map();
    for (const auto& [key, item] : *map) {
      auto rendered = renderWith(item, scope);
      if (!rendered) return fail(key + ": " + rendered.error().message);
      out.set(key, std::move(*rendered));
    }
    return out;
  }
  return Value::map();  // no `with:`
}

RunExecutor::RunExecutor(SystemAccess& system, std::shared_ptr<const Playbook> playbook,
                         RunRecord& run, Value scope, Redactor redactor, RunListener& listener,
                         ExecutorOptions options)
    : system_(system),
      playbook_(std::move(playbook)),
      run_(run),
      scope_(std::move(scope)),
      redactor_(std::move(redactor)),
      listener_(listener),
      options_(options) {
  if (scope_.find("steps") == nullptr) scope_.set("steps", Value::map());
}

asio::awaitable<void> RunExecutor::execute() {
  run_.startedAt = system_.clock.now();
  scope_.find("run")->set("started_at", formatIsoSeconds(system_.clock.now()));
  const auto deadline = system_.clock.steadyNow() + playbook_->policy.timeout;
  const Outcome outcome = co_await runSteps(playbook_->steps, run_.steps, deadline, false);
  if (outcome == Outcome::ok) {
    run_.status = run_.dryRun ? RunStatus::dryRun : RunStatus::success;
  } else {
    run_.status = outcome == Outcome::timedOut ? RunStatus::timeout : RunStatus::failure;
    scope_.find("run")->set("error", run_.error);
    if (!playbook_->onFailure.empty()) {
      // The run's time may be gone (that may be why it failed): the
      // on_failure steps get a budget of their own.
      const auto budget = options_.onFailureBudget *
                          static_cast<long>(playbook_->onFailure.size());
      co_await runSteps(playbook_->onFailure, run_.onFailureSteps,
                        system_.clock.steadyNow() + budget, true);
    }
  }
  // A dry run changed nothing, so it cannot have failed at anything: what
  // would have failed stays in run.error and the steps' records
  // (docs/playbooks.md, "Dry runs").
  if (run_.dryRun) run_.status = RunStatus::dryRun;
  run_.finishedAt = system_.clock.now();
}

asio::awaitable<RunExecutor::Outcome> RunExecutor::runSteps(const std::vector<Step>& steps,
                                                            std::vector<StepRecord>& records,
                                                            Clock::SteadyTime deadline,
                                                            bool isOnFailure) {
  for (const Step& step : steps) {
    if (system_.clock.steadyNow() >= deadline) {
      if (!isOnFailure) {
        run_.error = redactor_.redactText("run timed out after " +
                                      formatDuration(playbook_->policy.timeout) +
                                      " before step \"" + step.id + "\"");
      }
      co_return Outcome::timedOut;
    }
    StepRecord record = co_await runStep(step, deadline);
    const bool failed = record.status == StepStatus::failed || record.status == StepStatus::timedOut;
    const bool runOutOfTime = record.status == StepStatus::timedOut &&
                              system_.clock.steadyNow() >= deadline;
    records.push_back(record);
    publishStep(records.back());
    if (!failed || isOnFailure) continue;
    if (step.onFailure == OnFailure::continueRun && !runOutOfTime) continue;
    run_.error = "step \"" + step.id + "\" " +
                 (record.status == StepStatus::timedOut ? "timed out" : "failed") +
                 (record.error.empty() ? "" : ": " + record.error);
    co_return runOutOfTime ? Outcome::timedOut : Outcome::failed;
  }
  co_return Outcome::ok;
}

asio::awaitable<StepRecord> RunExecutor::runStep(const Step& step, Clock::SteadyTime deadline) {
  StepRecord record;
  record.id = step.id;
  record.action = step.action;
  record.dryRun = run_.dryRun;
  record.startedAt = system_.clock.now();
  Value entry;
  if (step.loop) {
    entry = co_await runLoop(step, deadline, record);
  } else {
    StepItemRecord result = co_await runOnce(step, deadline);
    entry = resultScope(result);
    record.status = result.status;
    record.attempts = result.attempts;
    record.changed = result.changed;
    record.output = std::move(result.output);
    record.error = std::move(result.error);
    record.summary = std::move(result.summary);
  }
  scope_.find("steps")->set(step.id, std::move(entry));
  record.finishedAt = system_.clock.now();
  record.output = truncateStrings(redactor_.redact(record.output), options_.maxOutputBytes);
  record.error = truncateText(redactor_.redactText(record.error), options_.maxOutputBytes);
  record.summary = truncateText(redactor_.redactText(record.summary), options_.maxOutputBytes);
  co_return record;
}

asio::awaitable<Value> RunExecutor::runLoop(const Step& step, Clock::SteadyTime deadline,
                                            StepRecord& record) {
  record.looped = true;
  Value results = Value::list();
  auto items = loopItems(*step.loop, scope_);
  if (!items) {
    record.status = StepStatus::failed;
    record.error = items.error().message;
    Value entry = resultScope(asResult(record));
    entry.set("results", std::move(results));
    co_return entry;
  }
  const std::size_t count = items->size();
  const std::size_t keep = itemOutputBytes(options_.maxOutputBytes, count);
  for (std::size_t i = 0; i < count; ++i) {
    if (system_.clock.steadyNow() >= deadline) break;  // summarizeLoop says so
    const Value& item = (*items)[i];
    scope_.set("item", item);
    scope_.set("loop", loopScope(i, count));
    StepItemRecord result = co_await runOnce(step, deadline);
    // The scope keeps what the action said, as a step's output, but
    // bounded like the record: a thousand items must not hold a thousand
    // full outputs.
    result.output = truncateStrings(result.output, keep);
    Value itemEntry = resultScope(result);
    itemEntry.set("item", item);
    results.asList().push_back(std::move(itemEntry));
    result.item = truncateStrings(redactor_.redact(item), keep);
    result.output = redactor_.redact(result.output);
    result.error = truncateText(redactor_.redactText(result.error), keep);
    result.summary = truncateText(redactor_.redactText(result.summary), keep);
    record.items.push_back(std::move(result));
  }
  // item and loop belong to this step only.
  forget(scope_, "item");
  forget(scope_, "loop");
  summarizeLoop(record, count);
  Value entry = resultScope(asResult(record));
  entry.set("results", std::move(results));
  co_return entry;
}

asio::awaitable<StepItemRecord> RunExecutor::runOnce(const Step& step, Clock::SteadyTime deadline) {
  StepItemRecord record;
  if (step.when) {
    const auto snapshot = system_.latestSnapshot ? system_.latestSnapshot() : nullptr;
    auto decision = step.when->evaluate(snapshot.get(), scope_);
    if (!decision) {
      record.status = StepStatus::failed;
      record.error = "when: " + decision.error().message;
      co_return record;
    }
    if (!decision->truthy()) {
      record.status = StepStatus::skipped;
      record.summary = "skipped: when is false";
      co_return record;
    }
  }

  const ActionDescriptor* descriptor = findAction(step.action);
  if (descriptor == nullptr) {  // the parser makes this impossible; say so if it happens
    record.status = StepStatus::failed;
    record.error = "unknown action \"" + step.action + "\"";
    co_return record;
  }
  std::shared_ptr<Action> action = descriptor->create();

  const int attempts = 1 + step.retries;
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    record.attempts = attempt;
    auto rendered = renderWith(step.with, scope_);
    if (!rendered) {
      record.status = StepStatus::failed;
      record.error = "with: " + rendered.error().message;
      break;
    }
    if (auto relative = relativePathIn(*descriptor, *rendered)) {
      record.status = StepStatus::failed;
      record.error = "with: " + *relative;
      break;
    }
    const auto remaining =
        std::chrono::duration_cast<milliseconds>(deadline - system_.clock.steadyNow());
    if (remaining <= milliseconds(0)) {
      record.status = StepStatus::timedOut;
      record.error = "no time left in the run";
      break;
    }
    auto request = std::make_shared<ActionRequest>();
    request->with = std::move(*rendered);
    request->dryRun = run_.dryRun;
    request->timeout = step.timeout ? std::min(*step.timeout, remaining) : remaining;
    request->scope = &scope_;
    listener_.stepStarted(run_, step.id, attempt);

    const auto attemptStart = system_.clock.steadyNow();
    auto race = std::make_shared<ActionRace>(system_.executor);
    race->wake.expires_after(request->timeout + options_.timeoutGrace);
    asio::co_spawn(system_.executor, runAction(action, request, system_, race), asio::detached);
    boost::system::error_code ec;
    if (!race->result) co_await race->wake.async_wait(asio::redirect_error(asio::use_awaitable, ec));

    if (!race->result) {
      record.status = StepStatus::timedOut;
      record.error = "timed out after " + formatDuration(request->timeout);
    } else {
      ActionResult& result = *race->result;
      record.changed = record.changed || result.changed;
      record.output = result.output;
      record.summary = result.summary;
      record.error = result.error;
      record.status = result.ok ? StepStatus::ok : StepStatus::failed;
      // An action that ran out of its budget reports a failure; when the
      // step's time is what ran out, call it a timeout.
      if (!result.ok && system_.clock.steadyNow() - attemptStart >= request->timeout) {
        record.status = StepStatus::timedOut;
      }
    }
    if (record.status == StepStatus::ok) break;
    if (attempt < attempts) {
      const auto left = deadline - system_.clock.steadyNow();
      if (left <= step.retryDelay) break;
      asio::steady_timer delay(system_.executor);
      delay.expires_after(step.retryDelay);
      co_await delay.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    break;
  }
  co_return record;
}

void RunExecutor::publishStep(const StepRecord& record) { listener_.stepFinished(run_, record); }

}  // namespace unyo::playbooks
