#include "agent/fleet/fleet_queries.h"

#include <algorithm>

#include "agent/config/identity.h"

namespace unyo::agent {
namespace {

constexpr std::string_view kByAgent = "instance, lg_code, system";

std::string range(long long seconds) { return "[" + std::to_string(seconds) + "s]"; }

// sum by (instance, lg_code, system[, extra]) (last_over_time(metric{sel}[range]))
std::string lastByAgent(std::string_view aggregation, std::string_view metric,
                        const std::string& selector, long long seconds,
                        std::string_view extraLabel = {}) {
  std::string by(kByAgent);
  if (!extraLabel.empty()) by += ", " + std::string(extraLabel);
  return std::string(aggregation) + " by (" + by + ") (last_over_time(" + std::string(metric) +
         selector + range(seconds) + "))";
}

}  // namespace

Expected<FleetScope> fleetScope(std::string environment, std::string prefecture,
                                std::string lgCode) {
  FleetScope scope;
  if (!prefecture.empty() && !lgCode.empty()) {
    return fail("--prefecture and --lg-code exclude each other", ErrorKind::invalid);
  }
  if (!prefecture.empty()) {
    const bool digits =
        prefecture.size() == 2 && std::all_of(prefecture.begin(), prefecture.end(),
                                              [](char c) { return c >= '0' && c <= '9'; });
    const int number = digits ? (prefecture[0] - '0') * 10 + (prefecture[1] - '0') : 0;
    if (number < 1 || number > 47) {
      return fail("--prefecture takes a two-digit code from 01 to 47, not \"" + prefecture + "\"",
                  ErrorKind::invalid);
    }
  }
  if (!lgCode.empty()) {
    if (auto problem = lgCodeProblem(lgCode))
      return fail("--lg-code: " + *problem, ErrorKind::invalid);
  }
  if (std::find(std::begin(kEnvironments), std::end(kEnvironments), environment) ==
      std::end(kEnvironments)) {
    return fail("--environment is production, staging or development, not \"" + environment + "\"",
                ErrorKind::invalid);
  }
  scope.environment = std::move(environment);
  scope.prefecture = std::move(prefecture);
  scope.lgCode = std::move(lgCode);
  return scope;
}

std::string selectorOf(const FleetScope& scope) {
  // Every value was checked to be digits or a known word: nothing to escape.
  std::string selector = "{job=\"unyo\",environment=\"" + scope.environment + "\"";
  if (!scope.prefecture.empty()) selector += ",prefecture=\"" + scope.prefecture + "\"";
  if (!scope.lgCode.empty()) selector += ",lg_code=\"" + scope.lgCode + "\"";
  return selector + "}";
}

std::vector<FleetQuery> fleetQueries(const FleetScope& scope, const FleetPeriod& period) {
  const std::string sel = selectorOf(scope);
  // Labor saved by automation: runs a person started are assisted work
  // (docs/playbooks.md, "Labor") and stay out of the fleet's figures.
  const std::string automated = sel.substr(0, sel.size() - 1) + ",trigger!=\"manual\"}";
  const long long month = period.seconds();
  const auto end = period.until;
  const auto start = period.month.start;
  const long long before = kStartLookbackSeconds;
  using Id = FleetQueryId;
  std::vector<FleetQuery> queries = {
      {Id::costEnd, lastByAgent("sum", "unyo_cost_yen_total", sel, month), end},
      {Id::costStart, lastByAgent("sum", "unyo_cost_yen_total", sel, before), start},
      {Id::baseline, lastByAgent("sum", "unyo_cost_baseline_yen_per_month", sel, month), end},
      {Id::population,
       "max by (lg_code) (last_over_time(unyo_identity_population" + sel + range(month) + "))",
       end},
      {Id::laborMinutesEnd,
       lastByAgent("sum", "unyo_labor_saved_minutes_total", automated, month), end},
      {Id::laborMinutesStart,
       lastByAgent("sum", "unyo_labor_saved_minutes_total", automated, before), start},
      {Id::laborYenEnd, lastByAgent("sum", "unyo_labor_saved_yen_total", automated, month), end},
      {Id::laborYenStart, lastByAgent("sum", "unyo_labor_saved_yen_total", automated, before),
       start},
      {Id::runsEnd, lastByAgent("sum", "unyo_playbook_runs_total", sel, month, "result"), end},
      {Id::runsStart, lastByAgent("sum", "unyo_playbook_runs_total", sel, before, "result"), start},
      // Vendor and name as the agents said them in the month (several when
      // they changed).
      {Id::agentInfo,
       "count by (instance, lg_code, system, vendor, municipality_name) "
       "(last_over_time(unyo_agent_info" +
           sel + range(month) + "))",
       end},
      {Id::infoSamples,
       "sum by (instance, lg_code, system) (count_over_time(unyo_agent_info" + sel + range(month) +
           "))",
       end},
      {Id::sampleInterval, lastByAgent("max", "unyo_sampling_interval_seconds", sel, month), end},
  };
  return queries;
}

}  // namespace unyo::agent
