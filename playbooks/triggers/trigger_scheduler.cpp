#include "playbooks/triggers/trigger_scheduler.h"

#include <algorithm>
#include <boost/asio/redirect_error.hpp>

#include "base/duration.h"
#include "playbooks/engine/param_binding.h"
#include "playbooks/schedule/schedule_planner.h"

namespace unyo::playbooks {
namespace {

using std::chrono::milliseconds;

// The scheduler wakes at least this often, so a wall-clock jump is noticed
// even while it waits for a run hours away.
constexpr milliseconds kMaxSleep{std::chrono::seconds(30)};
// A run due longer ago than this was missed (the agent was down, the VM
// suspended, the clock jumped): it is not replayed.
constexpr auto kMissedAfter = std::chrono::minutes(5);
// How long an alert instance is remembered, so Alertmanager's re-sends do
// not start it again.
constexpr auto kAlertMemory = std::chrono::hours(24);

std::string seriesKey(const Labels& labels) {
  std::string key;
  for (const auto& l : labels) key += l.name + "=" + l.value + ",";
  return key;
}

Value labelsValue(const Labels& labels) {
  Value out = Value::map();
  for (const auto& l : labels) out.set(l.name, l.value);
  return out;
}

}  // namespace

struct TriggerScheduler::ScheduleState {
  std::shared_ptr<const Playbook> playbook;
  const ScheduleTrigger* trigger = nullptr;  // inside *playbook
  std::optional<Clock::WallTime> due;         // the cron time of the next run
  Clock::WallTime fireAt{};                   // due + jitter
  std::optional<Clock::WallTime> lastDue;     // never plan at or before this again
};

struct TriggerScheduler::ConditionState {
  struct Series {
    Labels labels;
    Clock::SteadyTime since{};  // when the condition started holding
    bool fired = false;         // fired in this episode
  };
  std::map<std::string, Series> holding;
  std::map<std::string, Clock::SteadyTime> lastFired;  // outlives episodes, for cooldown
  std::string lastError;                               // logged once until it changes
};

TriggerScheduler::TriggerScheduler(SystemAccess& system, Engine& engine,
                                   std::size_t maxSeenAlerts)
    : system_(system), engine_(engine), maxSeenAlerts_(maxSeenAlerts), timer_(system.executor) {}

TriggerScheduler::~TriggerScheduler() = default;

Expected<void> TriggerScheduler::configure(const Options& options, std::string jitterSeed) {
  auto zone = TimeZone::load(options.timezone);
  if (!zone) return fail("playbooks.timezone: " + zone.error().message);
  auto calendar = BusinessCalendar::load(options.holidaysFile, options.yearEndClosure);
  if (!calendar) return std::unexpected(calendar.error());
  zone_ = std::move(*zone);
  calendar_ = std::move(*calendar);
  jitterSeed_ = std::move(jitterSeed);
  if (auto last = calendar_->lastHolidayYear()) {
    const int year = zone_->toCivil(system_.clock.now()).year;
    if (*last <= year) {
      system_.log.warn("the holidays file ends this year; add next year's holidays",
                       {{"file", options.holidaysFile.string()}, {"last_year", *last}});
    }
  }
  armSchedules();
  return {};
}

void TriggerScheduler::setPlaybooks(std::vector<std::shared_ptr<const Playbook>> playbooks) {
  playbooks_ = std::move(playbooks);
  // Condition states of triggers that still exist carry over a reload, so a
  // condition holding for 4 of its 5 minutes does not start over.
  std::map<std::string, std::unique_ptr<ConditionState>> kept;
  for (const auto& p : playbooks_) {
    for (std::size_t i = 0; i < p->triggers.size(); ++i) {
      if (!std::holds_alternative<ConditionTrigger>(p->triggers[i].kind)) continue;
      const std::string key = p->name + "#" + std::to_string(i);
      auto old = conditions_.find(key);
      kept[key] = old != conditions_.end() ? std::move(old->second)
                                           : std::make_unique<ConditionState>();
    }
  }
  conditions_ = std::move(kept);
  armSchedules();
}

void TriggerScheduler::armSchedules() {
  schedules_.clear();
  if (!zone_ || !calendar_) return;
  const auto now = system_.clock.now();
  for (const auto& p : playbooks_) {
    for (const auto& trigger : p->triggers) {
      const auto* schedule = std::get_if<ScheduleTrigger>(&trigger.kind);
      if (schedule == nullptr) continue;
      auto state = std::make_unique<ScheduleState>();
      state->playbook = p;
      state->trigger = schedule;
      planNext(*state, now);
      schedules_.push_back(std::move(state));
    }
  }
  if (running_) poll();
}

void TriggerScheduler::planNext(ScheduleState& state, Clock::WallTime after) {
  if (state.lastDue && after < *state.lastDue) after = *state.lastDue;
  state.due = nextScheduledTime(*state.trigger, *calendar_, *zone_, after);
  if (!state.due) return;
  state.fireAt = *state.due + jitterFor(jitterSeed_ + "/" + state.playbook->name, *state.due,
                                        state.trigger->jitter);
}

void TriggerScheduler::start() {
  running_ = true;
  poll();
}

void TriggerScheduler::stop() {
  running_ = false;
  timer_.cancel();
}

void TriggerScheduler::poll() {
  const auto now = system_.clock.now();
  milliseconds sleep = kMaxSleep;
  for (auto& state : schedules_) {
    if (!state->due) continue;
    if (now >= state->fireAt && now - state->fireAt > kMissedAfter) {
      // Missed (the agent was down, the clock jumped): not replayed. Only a
      // due time still within the tolerance of now may run.
      system_.log.warn("scheduled run missed; not replayed",
                       {{"playbook", state->playbook->name},
                        {"schedule", state->trigger->cronText},
                        {"late_seconds", std::chrono::duration_cast<std::chrono::seconds>(
                                             now - state->fireAt)
                                             .count()}});
      state->lastDue = state->due;
      planNext(*state, now - kMissedAfter);
      if (!state->due) continue;
    }
    if (now >= state->fireAt) {
      const Clock::WallTime due = *state->due;
      TriggerInfo info;
      info.type = TriggerType::schedule;
      info.requestedBy = "schedule";
      info.scheduledAt = due;
      submit(*state->playbook, std::move(info));
      // Strictly after both the run just due and now: one run per trigger
      // per poll, however far the clock jumped.
      state->lastDue = due;
      planNext(*state, now > due ? now : due);
      if (!state->due) continue;
    }
    sleep = std::min(sleep, std::chrono::duration_cast<milliseconds>(state->fireAt - now));
  }
  if (!running_) return;
  timer_.expires_after(std::max(sleep, milliseconds(0)));
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec && running_) poll();
  });
}

void TriggerScheduler::submit(const Playbook& playbook, TriggerInfo trigger) {
  Engine::Request request;
  request.playbook = playbook.name;
  request.trigger = std::move(trigger);
  const std::string type(triggerTypeName(request.trigger.type));
  auto id = engine_.submit(std::move(request));
  if (!id) {
    system_.log.error("triggered run refused",
                      {{"playbook", playbook.name}, {"trigger", type}, {"err", id.error().message}});
  }
}

void TriggerScheduler::onSnapshot(const collectors::SnapshotPtr& snapshot) {
  if (!snapshot) return;
  const auto now = snapshot->takenAtSteady;
  for (const auto& p : playbooks_) {
    Redactor unused;
    auto params = bindParams(*p, Value::map(), unused);
    for (std::size_t i = 0; i < p->triggers.size(); ++i) {
      const auto* condition = std::get_if<ConditionTrigger>(&p->triggers[i].kind);
      if (condition == nullptr) continue;
      ConditionState& state = *conditions_[p->name + "#" + std::to_string(i)];
      Value scope = Value::map();
      scope.set("params", params ? *params : Value::map());
      auto result = condition->condition.evaluate(snapshot.get(), scope);
      if (!result) {
        if (result.error().message != state.lastError) {
          state.lastError = result.error().message;
          system_.log.warn("condition cannot be evaluated",
                           {{"playbook", p->name}, {"err", state.lastError}});
        }
        continue;
      }
      state.lastError.clear();
      std::vector<Labels> matching;
      if (result->kind == ExprResult::Kind::vector) {
        for (const auto& series : result->series) matching.push_back(series.labels);
      } else if (result->truthy()) {
        matching.emplace_back();
      }
      std::map<std::string, ConditionState::Series> stillHolding;
      for (const Labels& labels : matching) {
        const std::string key = seriesKey(labels);
        auto previous = state.holding.find(key);
        ConditionState::Series series = previous != state.holding.end()
                                            ? previous->second
                                            : ConditionState::Series{labels, now, false};
        const bool held = now - series.since >= condition->holdFor;
        auto last = state.lastFired.find(key);
        const bool cooled = last == state.lastFired.end() || now - last->second >= condition->cooldown;
        if (held && !series.fired && cooled) {
          series.fired = true;
          state.lastFired[key] = now;
          TriggerInfo info;
          info.type = TriggerType::condition;
          info.requestedBy = "condition";
          info.labels = labelsValue(labels);
          submit(*p, std::move(info));
        }
        stillHolding.emplace(key, std::move(series));
      }
      state.holding = std::move(stillHolding);  // series no longer matching end their episode
    }
  }
}

TriggerScheduler::AlertOutcome TriggerScheduler::onAlerts(const std::vector<Alert>& alerts) {
  AlertOutcome outcome;
  const auto now = system_.clock.now();
  std::erase_if(seenAlerts_, [&](const auto& entry) { return now - entry.second > kAlertMemory; });
  for (const Alert& alert : alerts) {
    if (!alert.firing) continue;  // resolved alerts start nothing
    for (const auto& p : playbooks_) {
      for (const auto& trigger : p->triggers) {
        const auto* wanted = std::get_if<AlertTrigger>(&trigger.kind);
        if (wanted == nullptr) continue;
        const bool matches = std::all_of(wanted->labels.begin(), wanted->labels.end(),
                                         [&](const auto& label) {
                                           auto it = alert.labels.find(label.first);
                                           return it != alert.labels.end() &&
                                                  it->second == label.second;
                                         });
        if (!matches) continue;
        const std::string seen = p->name + "/" + alert.identity();
        if (seenAlerts_.contains(seen)) continue;
        if (seenAlerts_.size() >= maxSeenAlerts_) forgetOldestAlert();
        seenAlerts_.emplace(seen, now);
        Engine::Request request;
        request.playbook = p->name;
        request.trigger.type = TriggerType::alert;
        request.trigger.requestedBy = "alertmanager";
        for (const auto& [k, v] : alert.labels) request.trigger.labels.set(k, v);
        auto id = engine_.submit(std::move(request));
        if (id) {
          outcome.runIds.push_back(*id);
        } else {
          outcome.errors.push_back(p->name + ": " + id.error().message);
          if (id.error().kind == ErrorKind::busy) outcome.busy = true;
          seenAlerts_.erase(seen);  // let Alertmanager's retry try again
        }
        break;  // one run per playbook per alert, however many triggers match
      }
    }
  }
  return outcome;
}

void TriggerScheduler::forgetOldestAlert() {
  auto oldest = std::min_element(seenAlerts_.begin(), seenAlerts_.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
  if (oldest != seenAlerts_.end()) seenAlerts_.erase(oldest);
}

std::optional<Clock::WallTime> TriggerScheduler::nextRun(std::string_view playbook) const {
  std::optional<Clock::WallTime> next;
  for (const auto& state : schedules_) {
    if (state->playbook->name != playbook || !state->due) continue;
    if (!next || state->fireAt < *next) next = state->fireAt;
  }
  return next;
}

}  // namespace unyo::playbooks
