#include "agent/fleet/fleet_rows.h"

#include <algorithm>
#include <map>
#include <set>

#include "agent/config/identity.h"

namespace unyo::agent {
namespace {

using RowKey = std::pair<std::string, std::string>;  // lg_code, system
struct AgentKey {
  std::string lgCode;
  std::string system;
  std::string instance;
  std::string extra;  // the query's extra label (result), or ""
  auto operator<=>(const AgentKey&) const = default;
};

std::string label(const PromSample& sample, const std::string& name) {
  const auto it = sample.labels.find(name);
  return it == sample.labels.end() ? std::string() : it->second;
}

AgentKey agentOf(const PromSample& sample, const std::string& extra = {}) {
  return {label(sample, "lg_code"), label(sample, "system"), label(sample, "instance"),
          extra.empty() ? std::string() : label(sample, extra)};
}

std::map<AgentKey, double> byAgent(const PromVector& answer, const std::string& extra = {}) {
  std::map<AgentKey, double> values;
  for (const auto& sample : answer.samples) values[agentOf(sample, extra)] += sample.value;
  return values;
}

// Per agent: end - start; a counter that went down counts its end value.
std::map<AgentKey, double> growth(const PromVector& end, const PromVector& start,
                                  const std::string& extra = {}) {
  auto result = byAgent(end, extra);
  const auto before = byAgent(start, extra);
  for (auto& [agent, value] : result) {
    const auto it = before.find(agent);
    if (it != before.end() && it->second <= value) value -= it->second;
  }
  return result;
}

// Where a system sorts: businessSystems() order, unknown ids after, by name.
std::pair<std::size_t, std::string> systemOrder(const std::string& id) {
  const auto systems = businessSystems();
  const auto it = std::find_if(systems.begin(), systems.end(),
                               [&](const BusinessSystem& s) { return s.id == id; });
  return {static_cast<std::size_t>(it - systems.begin()), id};
}

class Builder {
 public:
  Builder(const std::vector<PromVector>& answers, const FleetPeriod& period)
      : answers_(answers), period_(period) {}

  std::vector<FleetRow> rows() {
    info();
    forEach(growth(at(FleetQueryId::costEnd), at(FleetQueryId::costStart)),
            [](FleetRow& row, const AgentKey&, double v) { row.costYen += v; });
    forEach(byAgent(at(FleetQueryId::baseline)), [&](FleetRow& row, const AgentKey&, double v) {
      row.estimateYen = row.estimateYen.value_or(0) + v * period_.shareOfMonth();
    });
    forEach(growth(at(FleetQueryId::laborMinutesEnd), at(FleetQueryId::laborMinutesStart)),
            [](FleetRow& row, const AgentKey&, double v) { row.laborMinutes += v; });
    forEach(growth(at(FleetQueryId::laborYenEnd), at(FleetQueryId::laborYenStart)),
            [](FleetRow& row, const AgentKey&, double v) { row.laborYen += v; });
    forEach(
        growth(at(FleetQueryId::runsEnd), at(FleetQueryId::runsStart), "result"),
        [](FleetRow& row, const AgentKey& agent, double v) {
          // Runs that ran, as `unyo report` counts them.
          if (agent.extra == "success" || agent.extra == "failure" || agent.extra == "timeout") {
            row.runs += v;
          }
          if (agent.extra == "failure" || agent.extra == "timeout") row.failures += v;
        });
    coverage();
    population();

    std::vector<FleetRow> out;
    for (auto& [key, row] : rows_) {
      row.agents = static_cast<int>(instances_[key].size());
      if (row.estimateYen) {
        row.varianceYen = row.costYen - *row.estimateYen;
        if (*row.estimateYen != 0) row.variancePercent = *row.varianceYen / *row.estimateYen * 100;
      }
      if (row.population && *row.population > 0) row.yenPerResident = row.costYen / *row.population;
      out.push_back(std::move(row));
    }
    std::sort(out.begin(), out.end(), [](const FleetRow& a, const FleetRow& b) {
      if (a.lgCode != b.lgCode) return a.lgCode < b.lgCode;
      return systemOrder(a.system) < systemOrder(b.system);
    });
    return out;
  }

 private:
  const PromVector& at(FleetQueryId id) const { return answers_.at(static_cast<std::size_t>(id)); }

  FleetRow& rowOf(const std::string& lgCode, const std::string& system) {
    auto& row = rows_[{lgCode, system}];
    row.lgCode = lgCode;
    row.system = system;
    return row;
  }

  template <class Add>
  void forEach(const std::map<AgentKey, double>& values, Add add) {
    for (const auto& [agent, value] : values) {
      if (agent.lgCode.empty()) continue;  // not an agent's series
      instances_[{agent.lgCode, agent.system}].insert(agent.instance);
      add(rowOf(agent.lgCode, agent.system), agent, value);
    }
  }

  void info() {
    for (const auto& sample : at(FleetQueryId::agentInfo).samples) {
      const std::string lgCode = label(sample, "lg_code");
      if (lgCode.empty()) continue;
      auto& row = rowOf(lgCode, label(sample, "system"));
      instances_[{lgCode, row.system}].insert(label(sample, "instance"));
      const std::string vendor = label(sample, "vendor");
      if (!vendor.empty() &&
          std::find(row.vendors.begin(), row.vendors.end(), vendor) == row.vendors.end()) {
        row.vendors.push_back(vendor);
      }
      const std::string name = label(sample, "municipality_name");
      if (!name.empty()) names_[lgCode] = name;
    }
    for (auto& [key, row] : rows_) std::sort(row.vendors.begin(), row.vendors.end());
  }

  // Each agent's share of the period with samples; the row's is their mean.
  void coverage() {
    const auto samples = byAgent(at(FleetQueryId::infoSamples));
    const auto intervals = byAgent(at(FleetQueryId::sampleInterval));
    const double seconds = static_cast<double>(period_.seconds());
    std::map<RowKey, std::pair<double, int>> sums;
    for (const auto& [agent, count] : samples) {
      const auto interval = intervals.find(agent);
      if (agent.lgCode.empty() || interval == intervals.end()) continue;
      auto& [sum, n] = sums[{agent.lgCode, agent.system}];
      sum += std::min(1.0, count * interval->second / seconds);
      ++n;
    }
    for (const auto& [key, sum] : sums) {
      if (auto it = rows_.find(key); it != rows_.end())
        it->second.coverage = sum.first / sum.second;
    }
  }

  void population() {
    std::map<std::string, double> byCode;
    for (const auto& sample : at(FleetQueryId::population).samples) {
      const std::string lgCode = label(sample, "lg_code");
      if (!lgCode.empty()) byCode[lgCode] = std::max(byCode[lgCode], sample.value);
    }
    for (auto& [key, row] : rows_) {
      if (auto it = byCode.find(key.first); it != byCode.end()) row.population = it->second;
      if (auto it = names_.find(key.first); it != names_.end()) row.municipalityName = it->second;
    }
  }

  const std::vector<PromVector>& answers_;
  const FleetPeriod& period_;
  std::map<RowKey, FleetRow> rows_;
  std::map<RowKey, std::set<std::string>> instances_;
  std::map<std::string, std::string> names_;  // lg_code -> municipality_name
};

}  // namespace

FleetReportData buildFleetReport(const std::vector<PromVector>& answers, const FleetPeriod& period,
                                 const FleetScope& scope) {
  FleetReportData data;
  data.month = period.month.name();
  data.periodFrom = isoDate(period.month.firstDay());
  data.periodTo = isoDate(period.lastDay);
  data.partial = period.partial;
  data.shareOfMonth = period.shareOfMonth();
  data.environment = scope.environment;
  data.prefecture = scope.prefecture;
  data.lgCode = scope.lgCode;
  if (answers.size() == static_cast<std::size_t>(FleetQueryId::count_)) {
    data.rows = Builder(answers, period).rows();
  }
  addSystemStatistics(data);
  return data;
}

void addSystemStatistics(FleetReportData& data) {
  std::map<std::pair<std::size_t, std::string>, FleetSystemSummary> bySystem;
  for (const auto& row : data.rows) {
    auto& summary = bySystem[systemOrder(row.system)];
    summary.system = row.system;
  }
  for (auto& [order, summary] : bySystem) {
    std::vector<double> values;
    for (const auto& row : data.rows) {
      if (row.system == summary.system && row.yenPerResident) values.push_back(*row.yenPerResident);
    }
    summary.municipalities = static_cast<int>(values.size());
    summary.yenPerResident = quartiles(values);
    if (!summary.yenPerResident) continue;
    summary.fences = tukeyFences(*summary.yenPerResident);
    for (std::size_t i = 0; i < data.rows.size(); ++i) {
      auto& row = data.rows[i];
      if (row.system != summary.system || !row.yenPerResident) continue;
      row.outlier = classify(*row.yenPerResident, *summary.fences);
      if (row.outlier != Outlier::none) summary.outliers.push_back(i);
    }
  }
  data.systems.clear();
  for (auto& [order, summary] : bySystem) data.systems.push_back(std::move(summary));
}

}  // namespace unyo::agent
