#include "playbooks/state/counters_file.h"

#include <algorithm>
#include <iterator>
#include <nlohmann/json.hpp>

namespace unyo::playbooks {
namespace {

using nlohmann::json;

// Missing keys read as zero (a newer field absent from an older file);
// present keys of the wrong type throw, and so fail the parse.
double numberAt(const json& object, const char* key) {
  const auto it = object.find(key);
  return it == object.end() ? 0.0 : it->get<double>();
}

json totalsJson(const PlaybookTotals& totals) {
  json runs = json::object();
  for (const auto& [key, count] : totals.runs) runs[key.first][key.second] = count;
  json stepFailures = json::object();
  for (const auto& [step, count] : totals.stepFailures) stepFailures[step] = count;
  json dryRunStepFailures = json::object();
  for (const auto& [step, count] : totals.dryRunStepFailures) dryRunStepFailures[step] = count;
  json labor = json::object();
  for (const auto& [trigger, l] : totals.labor) {
    labor[trigger] = {{"minutes", l.minutes}, {"yen", l.yen}};
  }
  return {{"runs", runs},
          {"step_failures", stepFailures},
          {"dry_run_step_failures", dryRunStepFailures},
          {"labor", labor},
          {"last_run_unix_seconds", totals.lastRunUnixSeconds},
          {"last_success_unix_seconds", totals.lastSuccessUnixSeconds},
          {"duration_seconds",
           {{"bounds", kRunDurationBuckets},
            {"buckets", totals.durationBuckets},
            {"count", totals.durationCount},
            {"sum", totals.durationSum}}},
          {"recent_starts_unix_seconds", totals.recentStartsUnixSeconds}};
}

Expected<PlaybookTotals> totalsFromJson(const std::string& name, const json& j) {
  if (!j.is_object()) return fail("playbook " + name + ": not an object");
  PlaybookTotals totals;
  if (const auto runs = j.find("runs"); runs != j.end()) {
    for (const auto& [trigger, results] : runs->items()) {
      for (const auto& [result, count] : results.items()) {
        totals.runs[{trigger, result}] = count.get<double>();
      }
    }
  }
  if (const auto steps = j.find("step_failures"); steps != j.end()) {
    for (const auto& [step, count] : steps->items())
      totals.stepFailures[step] = count.get<double>();
  }
  if (const auto steps = j.find("dry_run_step_failures"); steps != j.end()) {
    for (const auto& [step, count] : steps->items()) {
      totals.dryRunStepFailures[step] = count.get<double>();
    }
  }
  if (const auto labor = j.find("labor"); labor != j.end()) {
    for (const auto& [trigger, l] : labor->items()) {
      totals.labor[trigger] = {numberAt(l, "minutes"), numberAt(l, "yen")};
    }
  }
  // A file from before the trigger split: its totals stay, labelled as
  // what they are (counters never go backwards, nor guess).
  const double legacyMinutes = numberAt(j, "labor_minutes");
  const double legacyYen = numberAt(j, "labor_yen");
  if (legacyMinutes != 0 || legacyYen != 0) {
    auto& unknown = totals.labor["unknown"];
    unknown.minutes += legacyMinutes;
    unknown.yen += legacyYen;
  }
  totals.lastRunUnixSeconds = numberAt(j, "last_run_unix_seconds");
  totals.lastSuccessUnixSeconds = numberAt(j, "last_success_unix_seconds");
  if (const auto duration = j.find("duration_seconds"); duration != j.end()) {
    const auto bounds = duration->at("bounds").get<std::vector<double>>();
    if (!std::equal(bounds.begin(), bounds.end(), std::begin(kRunDurationBuckets),
                    std::end(kRunDurationBuckets))) {
      return fail("playbook " + name + ": duration bounds differ from this version's");
    }
    totals.durationBuckets = duration->at("buckets").get<std::vector<std::uint64_t>>();
    if (totals.durationBuckets.size() != std::size(kRunDurationBuckets) + 1) {
      return fail("playbook " + name + ": wrong number of duration buckets");
    }
    totals.durationCount = duration->at("count").get<std::uint64_t>();
    totals.durationSum = duration->at("sum").get<double>();
  }
  if (const auto starts = j.find("recent_starts_unix_seconds"); starts != j.end()) {
    totals.recentStartsUnixSeconds = starts->get<std::vector<double>>();
  }
  return totals;
}

}  // namespace

Expected<CountersDocument> parseCounters(std::string_view text) {
  const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return fail("not a JSON object (truncated or edited?)");
  const auto version = j.find("version");
  if (version == j.end() || !version->is_number_integer() ||
      version->get<int>() != kCountersVersion) {
    return fail("unsupported version (expected " + std::to_string(kCountersVersion) + ")");
  }
  const auto playbooks = j.find("playbooks");
  if (playbooks == j.end() || !playbooks->is_object()) return fail("no \"playbooks\" object");
  CountersDocument all;
  try {
    for (const auto& [name, totals] : playbooks->items()) {
      auto parsed = totalsFromJson(name, totals);
      if (!parsed) return std::unexpected(parsed.error());
      all.playbooks.emplace(name, std::move(*parsed));
    }
    if (const auto applied = j.find("applied_seq"); applied != j.end()) {
      all.appliedSeq = applied->get<std::uint64_t>();
    }
  } catch (const json::exception& e) {
    return fail(std::string("malformed totals: ") + e.what());
  }
  return all;
}

std::string countersText(const CountersDocument& counters) {
  json playbooks = json::object();
  for (const auto& [name, playbookTotals] : counters.playbooks) {
    playbooks[name] = totalsJson(playbookTotals);
  }
  json document = {{"version", kCountersVersion}, {"playbooks", playbooks}};
  if (counters.appliedSeq) document["applied_seq"] = *counters.appliedSeq;
  return document.dump(1, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace unyo::playbooks
