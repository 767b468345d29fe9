// CostAccountant's exported series: the cost model's rates, totals and
// projections by component, the baseline it is compared with, the usage
// behind the bill, and the right-sizing suggestion.

#include "agent/cost/cost_accountant.h"
#include "agent/cost/rightsizing.h"

namespace unyo::agent {
namespace {

double rateOf(const CostRates& rates, std::string_view component) {
  if (component == "compute") return rates.compute;
  if (component == "storage") return rates.storage;
  if (component == "network") return rates.network;
  return rates.fixed;
}

double valueOr0(const std::map<std::string, double>& values, const std::string& key) {
  const auto it = values.find(key);
  return it == values.end() ? 0 : it->second;
}

}  // namespace

std::map<std::string, double> CostAccountant::monthProjectedYen() const {
  std::map<std::string, double> projected;
  if (!month_) return projected;
  const double hoursLeft = month_->hoursLeft(monthAsOf_);
  for (const char* component : kCostComponents) {
    projected[component] =
        valueOr0(monthCostYen_, component) + rateOf(rates_, component) * hoursLeft;
  }
  return projected;
}

void CostAccountant::appendMetrics(Families& out) const {
  if (options_.configured) appendCostMetrics(out);
  appendRightsizingMetrics(out);
}

void CostAccountant::appendCostMetrics(Families& out) const {
  auto perHour =
      gaugeFamily("unyo_cost_yen_per_hour", "Current cost rate in yen per hour, by component.");
  auto total = counterFamily("unyo_cost_yen_total",
                             "Cost accrued in yen, integrated over sampler time, by component.");
  auto projected = gaugeFamily("unyo_cost_projected_yen_per_month",
                               "Current cost rate x 730 hours, in yen, by component.");
  for (const char* component : kCostComponents) {
    const double rate = rateOf(rates_, component);
    addSample(perHour, rate, {{"component", component}});
    addSample(total, valueOr0(totals_.costYen, component), {{"component", component}});
    addSample(projected, rate * kHoursPerMonth, {{"component", component}});
  }
  out.push_back(std::move(perHour));
  out.push_back(std::move(total));
  out.push_back(std::move(projected));
  appendMonthMetrics(out);

  if (options_.baseline) {
    auto baseline = gaugeFamily(
        "unyo_cost_baseline_yen_per_month",
        "The baseline (estimate) per month in yen, by component; component=\"total\" when the "
        "baseline is one amount.");
    const double fx = options_.usdJpy;
    if (options_.baseline->monthly) {
      addSample(baseline, options_.baseline->monthly->yen(fx), {{"component", "total"}});
    }
    for (const auto& [component, price] : options_.baseline->byComponent) {
      addSample(baseline, price.yen(fx), {{"component", component}});
    }
    out.push_back(std::move(baseline));
  }
  if (prices_.computeYenPerHour && cpuUtilization_) {
    auto idle = gaugeFamily("unyo_cost_idle_yen_per_hour",
                            "Compute cost per hour x (1 - CPU utilization): what idle CPU costs.");
    addSample(idle, *prices_.computeYenPerHour * (1 - *cpuUtilization_));
    out.push_back(std::move(idle));
  }

  auto hours = counterFamily("unyo_usage_instance_hours_total", "Hours the host was up.");
  addSample(hours, totals_.instanceHours);
  out.push_back(std::move(hours));
  if (!prices_.storage.empty()) {
    auto storage = counterFamily("unyo_usage_storage_gib_hours_total",
                                 "Billed storage in GiB-hours, by priced mountpoint.");
    for (const auto& priced : prices_.storage) {
      addSample(storage, valueOr0(totals_.storageGibHours, priced.mountpoint),
                {{"mountpoint", priced.mountpoint}});
    }
    out.push_back(std::move(storage));
  }
  if (!prices_.egressDevices.empty()) {
    auto egress = counterFamily(
        "unyo_usage_egress_bytes_total",
        "Bytes transmitted through the priced interfaces (an upper bound of billed egress).");
    for (const auto& device : prices_.egressDevices) {
      addSample(egress, valueOr0(totals_.egressBytes, device), {{"device", device}});
    }
    out.push_back(std::move(egress));
  }
  if (options_.usdJpy > 0) {
    auto fx = gaugeFamily("unyo_fx_usd_jpy", "The accounting exchange rate for USD prices.");
    addSample(fx, options_.usdJpy);
    out.push_back(std::move(fx));
  }
}

void CostAccountant::appendMonthMetrics(Families& out) const {
  if (!month_) return;
  auto month =
      gaugeFamily("unyo_cost_month_yen",
                  "Cost accrued in the current calendar month (local time), in yen, by component.");
  auto projected = gaugeFamily(
      "unyo_cost_month_projected_yen",
      "This month's cost so far plus the current rate over the hours left in the month, in yen, "
      "by component.");
  const auto projection = monthProjectedYen();
  for (const char* component : kCostComponents) {
    addSample(month, valueOr0(monthCostYen_, component), {{"component", component}});
    addSample(projected, valueOr0(projection, component), {{"component", component}});
  }
  out.push_back(std::move(month));
  out.push_back(std::move(projected));
}

std::optional<RightsizingAdvice> CostAccountant::rightsizing() const {
  if (distribution_.samples(latestSampleAt_) < kRightsizingMinSamples || vcpus_ <= 0) {
    return std::nullopt;
  }
  const auto cpuP95 = distribution_.cpuPercentile(latestSampleAt_, kRightsizingQuantile);
  if (!cpuP95) return std::nullopt;
  return adviseRightsizing(*cpuP95, vcpus_, prices_.computeYenPerHour.value_or(0));
}

void CostAccountant::appendRightsizingMetrics(Families& out) const {
  if (distribution_.samples(latestSampleAt_) < kRightsizingMinSamples) return;
  const auto cpuP95 = distribution_.cpuPercentile(latestSampleAt_, kRightsizingQuantile);
  if (!cpuP95) return;
  auto cpu = gaugeFamily("unyo_rightsizing_cpu_p95_ratio",
                         "95th percentile of CPU utilization over the last 7 days (0-1).");
  addSample(cpu, *cpuP95);
  out.push_back(std::move(cpu));
  if (auto memory = distribution_.memoryPercentile(latestSampleAt_, kRightsizingQuantile)) {
    auto family = gaugeFamily("unyo_rightsizing_memory_p95_bytes",
                              "95th percentile of memory in use over the last 7 days.");
    addSample(family, *memory);
    out.push_back(std::move(family));
  }
  const auto advice = rightsizing();
  if (!advice) return;
  auto suggested = gaugeFamily(
      "unyo_rightsizing_suggested_vcpus",
      "Smallest vCPU count that keeps the 7-day p95 CPU utilization under 70% (at least 1).");
  addSample(suggested, advice->suggestedVcpus);
  out.push_back(std::move(suggested));
  if (prices_.computeYenPerHour) {
    auto savings = gaugeFamily(
        "unyo_rightsizing_potential_savings_yen_per_hour",
        "Compute yen per hour saved at the suggested vCPU count, assuming price linear in vCPUs.");
    addSample(savings, advice->savingsYenPerHour);
    out.push_back(std::move(savings));
  }
}

}  // namespace unyo::agent
