#include "playbooks/engine/run_executor.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "base/duration.h"
#include "base/iso_time.h"
#include "playbooks/actions/action.h"

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

Value stepScope(const StepRecord& record, const Value& rawOutput) {
  Value entry = Value::map();
  entry.set("ok", record.status == StepStatus::ok);
  entry.set("failed", record.status == StepStatus::failed || record.status == StepStatus::timedOut);
  entry.set("skipped", record.status == StepStatus::skipped);
  entry.set("changed", record.changed);
  entry.set("status", std::string(stepStatusName(record.status)));
  entry.set("error", record.error);
  entry.set("attempts", record.attempts);
  entry.set("summary", record.summary);
  entry.set("output", rawOutput.isNull() ? Value::map() : rawOutput);
  return entry;
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
  Value rawOutput = Value::map();
  auto finish = [&](StepRecord r) {
    r.finishedAt = system_.clock.now();
    r.output = truncateStrings(redactor_.redact(r.output), options_.maxOutputBytes);
    r.error = truncateText(redactor_.redactText(r.error), options_.maxOutputBytes);
    r.summary = truncateText(redactor_.redactText(r.summary), options_.maxOutputBytes);
    return r;
  };

  if (step.when) {
    const auto snapshot = system_.latestSnapshot ? system_.latestSnapshot() : nullptr;
    auto decision = step.when->evaluate(snapshot.get(), scope_);
    if (!decision) {
      record.status = StepStatus::failed;
      record.error = "when: " + decision.error().message;
      scope_.find("steps")->set(step.id, stepScope(record, rawOutput));
      co_return finish(std::move(record));
    }
    if (!decision->truthy()) {
      record.status = StepStatus::skipped;
      record.summary = "skipped: when is false";
      scope_.find("steps")->set(step.id, stepScope(record, rawOutput));
      co_return finish(std::move(record));
    }
  }

  const ActionDescriptor* descriptor = findAction(step.action);
  if (descriptor == nullptr) {  // the parser makes this impossible; say so if it happens
    record.status = StepStatus::failed;
    record.error = "unknown action \"" + step.action + "\"";
    co_return finish(std::move(record));
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
      rawOutput = result.output;
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
  scope_.find("steps")->set(step.id, stepScope(record, rawOutput));
  co_return finish(std::move(record));
}

void RunExecutor::publishStep(const StepRecord& record) { listener_.stepFinished(run_, record); }

}  // namespace unyo::playbooks
