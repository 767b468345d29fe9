#include "agent/report/report_builder.h"

#include <algorithm>
#include <cstdio>

#include "agent/cost/rightsizing.h"

namespace unyo::agent {
namespace {

using unyo::CivilDate;

const DayTotals* dayIn(const LedgerContents& ledger, const CivilDate& date) {
  const auto it = ledger.days.find(isoDate(date));
  return it == ledger.days.end() ? nullptr : &it->second;
}

double dayCost(const DayTotals* day) {
  double sum = 0;
  if (day != nullptr) {
    for (const auto& [component, yen] : day->costYen) sum += yen;
  }
  return sum;
}

// Monday on or before `date`.
CivilDate weekStart(const CivilDate& date) {
  const int weekday = unyo::weekdayOf(date);  // 0 = Sunday
  return unyo::addDays(date, -((weekday + 6) % 7));
}

void addLabor(const std::string& date, const DayTotals& day, bool countManualRuns,
              std::map<std::string, ReportData::PlaybookLabor>& byPlaybook,
              ReportData::WeeklyLabor& week, std::vector<ReportData::FailedRun>& failed) {
  for (const auto& [name, labor] : day.labor) {
    auto& row = byPlaybook[name];
    row.playbook = name;
    row.runs += static_cast<int>(labor.runs);
    row.successes += static_cast<int>(labor.successes);
    row.credited += static_cast<int>(labor.credited);
    row.minutes += labor.minutes;
    row.yen += labor.yen;
    row.assistedCredited += static_cast<int>(labor.assistedCredited);
    row.assistedMinutes += labor.assistedMinutes;
    row.assistedYen += labor.assistedYen;
    week.minutes += labor.minutes + (countManualRuns ? labor.assistedMinutes : 0);
    week.yen += labor.yen + (countManualRuns ? labor.assistedYen : 0);
    for (const auto& run : labor.failures) {
      failed.push_back({date, name, run.runId, run.result, run.error});
    }
  }
}

// The configured playbooks as the caller read them, and every playbook of the
// labor table they do not name, as unknown; by name.
ReportData::LaborAssumptions assumptionsFor(const ReportInputs& in,
                                            const std::vector<ReportData::PlaybookLabor>& labor) {
  ReportData::LaborAssumptions out;
  out.hourlyRateJpy = in.labor.hourlyRateJpy;
  out.hourlyRateSource = in.labor.hourlyRateSource;
  out.countManualRuns = in.labor.countManualRuns;
  out.playbooksRead = in.playbooks.has_value();
  std::map<std::string, ReportData::PlaybookAssumption> byName;
  if (in.playbooks) {
    for (const auto& playbook : *in.playbooks) {
      auto& known = byName[playbook.playbook] = playbook;
      known.known = true;
    }
  }
  for (const auto& row : labor) {
    if (byName.contains(row.playbook)) continue;
    auto& unknown = byName[row.playbook];
    unknown.playbook = row.playbook;
    unknown.known = false;
  }
  for (auto& [name, playbook] : byName) out.playbooks.push_back(std::move(playbook));
  return out;
}

void fillRightsizing(ReportData& data, const ReportInputs& in) {
  if (in.distribution == nullptr ||
      in.distribution->samples(in.now) < kRightsizingMinSamples) {
    return;
  }
  const auto cpu = in.distribution->cpuPercentile(in.now, kRightsizingQuantile);
  const auto memory = in.distribution->memoryPercentile(in.now, kRightsizingQuantile);
  if (!cpu || in.vcpus <= 0) return;
  const double fx = in.cost.usdJpy;
  const double price = in.cost.compute ? in.cost.compute->pricePerHour.yen(fx) : 0;
  const auto advice = adviseRightsizing(*cpu, in.vcpus, price);
  auto& r = data.rightsizing;
  r.available = true;
  r.cpuP95Ratio = *cpu;
  r.memoryP95Bytes = memory.value_or(0);
  r.currentVcpus = advice.currentVcpus;
  r.suggestedVcpus = advice.suggestedVcpus;
  r.savingsYenPerHour = advice.savingsYenPerHour;
  r.savingsYenPerMonth = advice.savingsYenPerHour * kHoursPerMonth;
  const double seconds = std::chrono::duration<double>(in.sampleInterval).count();
  r.coverageDays = std::min<double>(
      UsageDistribution::kDays,
      static_cast<double>(in.distribution->samples(in.now)) * seconds / 86400.0);
}

}  // namespace

std::string isoTimestamp(const unyo::TimeZone& zone, Clock::WallTime at) {
  const auto civil = zone.toCivil(at);
  const auto asUtc = std::chrono::sys_days(std::chrono::year(civil.year) /
                                           std::chrono::month(static_cast<unsigned>(civil.month)) /
                                           std::chrono::day(static_cast<unsigned>(civil.day))) +
                     std::chrono::hours(civil.hour) + std::chrono::minutes(civil.minute) +
                     std::chrono::seconds(civil.second);
  const auto offset = std::chrono::duration_cast<std::chrono::minutes>(
      asUtc - std::chrono::floor<std::chrono::seconds>(at));
  const long minutes = static_cast<long>(offset.count());
  const long magnitude = minutes < 0 ? -minutes : minutes;
  char text[40];
  std::snprintf(text, sizeof text, "%sT%02d:%02d:%02d%c%02ld:%02ld",
                isoDate(civil.date()).c_str(), civil.hour, civil.minute, civil.second,
                minutes < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
  return text;
}

double dailyBaseline(double monthlyYen, const CivilDate& day) {
  return monthlyYen / unyo::daysInMonth(day.year, day.month);
}

ReportData buildReport(const ReportInputs& in) {
  static const LedgerContents kEmpty;
  const auto& ledger = in.ledger != nullptr ? *in.ledger : kEmpty;
  ReportData data;
  data.identity = in.identity;
  data.periodFrom = isoDate(in.from);
  data.periodTo = isoDate(in.to);
  data.generatedAt = isoTimestamp(in.zone, in.now);
  data.fxUsdJpy = in.cost.usdJpy;

  const double fx = in.cost.usdJpy;
  const auto& baseline = in.cost.baseline;
  if (baseline) data.baselineSource = baseline->source;

  std::map<std::string, double> actual;
  std::map<std::string, double> baselineByComponent;
  double baselineTotal = 0;
  std::map<std::string, ReportData::PlaybookLabor> labor;
  for (auto date = in.from; date <= in.to; date = unyo::addDays(date, 1)) {
    ++data.days;
    const auto* day = dayIn(ledger, date);
    ReportData::DailyCost daily{isoDate(date), dayCost(day), std::nullopt};
    if (baseline) {
      double share = 0;
      if (baseline->monthly) share = dailyBaseline(baseline->monthly->yen(fx), date);
      for (const auto& [component, price] : baseline->byComponent) {
        const double part = dailyBaseline(price.yen(fx), date);
        baselineByComponent[component] += part;
        share += part;
      }
      baselineTotal += share;
      daily.baselineYen = share;
    }
    data.daily.push_back(std::move(daily));

    const auto monday = isoDate(weekStart(date));
    if (data.weekly.empty() || data.weekly.back().weekStart != monday) {
      data.weekly.push_back({monday, 0, 0});
    }
    if (day == nullptr) continue;
    for (const auto& [component, yen] : day->costYen) actual[component] += yen;
    data.usage.instanceHours += day->instanceHours;
    for (const auto& [mount, gibHours] : day->storageGibHours) {
      data.usage.storageGibHours[mount] += gibHours;
    }
    for (const auto& [device, bytes] : day->egressBytes) data.usage.egressBytes[device] += bytes;
    addLabor(isoDate(date), *day, in.labor.countManualRuns, labor, data.weekly.back(),
             data.failedRuns);
  }

  for (const char* component : kCostComponents) {
    ReportData::ComponentCost row{component, actual.contains(component) ? actual[component] : 0,
                                  std::nullopt};
    if (baseline && baseline->byComponent.contains(component)) {
      row.baselineYen = baselineByComponent[component];
    }
    data.costs.push_back(std::move(row));
  }
  if (baseline) data.baselineTotalYen = baselineTotal;

  for (auto& [name, row] : labor) data.labor.push_back(std::move(row));
  const bool countManualRuns = in.labor.countManualRuns;
  std::stable_sort(data.labor.begin(), data.labor.end(), [&](const auto& a, const auto& b) {
    return a.savedYen(countManualRuns) > b.savedYen(countManualRuns);
  });
  data.assumptions = assumptionsFor(in, data.labor);
  fillRightsizing(data, in);
  return data;
}

}  // namespace unyo::agent
