#include "agent/fleet/fleet_statistics.h"

#include <algorithm>
#include <cmath>

namespace unyo::agent {
namespace {

// The p-quantile of sorted, non-empty values, type 7.
double quantile(const std::vector<double>& sorted, double p) {
  const double position = p * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return sorted[below] + fraction * (sorted[above] - sorted[below]);
}

}  // namespace

std::optional<Quartiles> quartiles(std::vector<double> values) {
  std::erase_if(values, [](double v) { return !std::isfinite(v); });
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  return Quartiles{quantile(values, 0.25), quantile(values, 0.5), quantile(values, 0.75)};
}

TukeyFences tukeyFences(const Quartiles& q) { return {q.q1 - 1.5 * q.iqr(), q.q3 + 1.5 * q.iqr()}; }

Outlier classify(double value, const TukeyFences& fences) {
  if (value < fences.lower) return Outlier::low;
  if (value > fences.upper) return Outlier::high;
  return Outlier::none;
}

}  // namespace unyo::agent
