// Engine::appendMetrics: the unyo_playbook_* and unyo_labor_saved_* series,
// from the counters file (so runs by the CLI count too, and the totals
// survive restarts) and the runs in progress.

#include <limits>
#include <set>

#include "playbooks/engine/engine.h"

namespace unyo::playbooks {

void Engine::appendMetrics(Families& out) {
  auto loaded = counters_.load();
  if (!loaded) {
    system_.log.warn("cannot read the run counters", {{"err", loaded.error().message}});
  }
  const std::map<std::string, PlaybookTotals> empty;
  const auto& totals = loaded ? *loaded : empty;

  auto runs = counterFamily("unyo_playbook_runs_total",
                            "Playbook runs by how they were triggered and how they ended.");
  auto duration = makeFamily("unyo_playbook_run_duration_seconds",
                             "How long playbook runs took, from start to finish.",
                             prometheus::MetricType::Histogram);
  auto running = gaugeFamily("unyo_playbook_running", "Runs of the playbook in progress now.");
  auto lastRun = gaugeFamily("unyo_playbook_last_run_timestamp_seconds",
                             "When a run of the playbook last finished.");
  auto lastSuccess = gaugeFamily("unyo_playbook_last_success_timestamp_seconds",
                                 "When a run of the playbook last succeeded.");
  auto stepFailures = counterFamily("unyo_playbook_step_failures_total",
                                    "Steps that failed (after their retries) in real runs, by step.");
  auto dryRunStepFailures = counterFamily(
      "unyo_playbook_dry_run_step_failures_total",
      "Steps that would have failed in dry runs, by step (never counted as run failures).");
  auto laborMinutes = counterFamily(
      "unyo_labor_saved_minutes_total",
      "Operator minutes the playbook's credited runs replaced (labor.manual_minutes each), by "
      "trigger: manual is assisted work, the others automated.");
  auto laborYen = counterFamily("unyo_labor_saved_yen_total",
                                "The labor saved in yen, at labor.hourly_rate, by trigger.");

  std::map<std::string, int> inProgress = runningCounts();

  // Every loaded playbook shows up, with zeros before its first run, and so
  // does every playbook with recorded totals (one removed since keeps its
  // history: counters must not go backwards).
  std::set<std::string> names;
  for (const auto& [name, p] : playbooks_) names.insert(name);
  for (const auto& [name, t] : totals) names.insert(name);

  for (const auto& name : names) {
    const Labels labels = {{"playbook", name}};
    const auto it = totals.find(name);
    const PlaybookTotals t = it == totals.end() ? PlaybookTotals{} : it->second;
    for (const auto& [key, count] : t.runs) {
      addSample(runs, count, {{"playbook", name}, {"result", key.second}, {"trigger", key.first}});
    }
    auto& metric = duration.metric.emplace_back();
    metric.label = labels;
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < std::size(kRunDurationBuckets); ++i) {
      cumulative += i < t.durationBuckets.size() ? t.durationBuckets[i] : 0;
      metric.histogram.bucket.push_back({cumulative, kRunDurationBuckets[i]});
    }
    metric.histogram.bucket.push_back({t.durationCount, std::numeric_limits<double>::infinity()});
    metric.histogram.sample_count = t.durationCount;
    metric.histogram.sample_sum = t.durationSum;
    addSample(running, inProgress[name], labels);
    addSample(lastRun, t.lastRunUnixSeconds, labels);
    addSample(lastSuccess, t.lastSuccessUnixSeconds, labels);
    for (const auto& [step, count] : t.stepFailures) {
      addSample(stepFailures, count, {{"playbook", name}, {"step", step}});
    }
    for (const auto& [step, count] : t.dryRunStepFailures) {
      addSample(dryRunStepFailures, count, {{"playbook", name}, {"step", step}});
    }
    // Every trigger a playbook can be started by shows up, with zeros
    // before its first credited run, so rate() and sums see a series.
    std::map<std::string, PlaybookTotals::Labor> labor = t.labor;
    for (const auto trigger : {TriggerType::schedule, TriggerType::condition, TriggerType::alert,
                               TriggerType::manual}) {
      labor.try_emplace(std::string(triggerTypeName(trigger)));
    }
    for (const auto& [trigger, l] : labor) {
      addSample(laborMinutes, l.minutes, {{"playbook", name}, {"trigger", trigger}});
      addSample(laborYen, l.yen, {{"playbook", name}, {"trigger", trigger}});
    }
  }
  for (auto* family : {&runs, &duration, &running, &lastRun, &lastSuccess, &stepFailures,
                       &dryRunStepFailures, &laborMinutes, &laborYen}) {
    if (!family->metric.empty()) out.push_back(std::move(*family));
  }
}

}  // namespace unyo::playbooks
