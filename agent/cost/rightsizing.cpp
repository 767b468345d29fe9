#include "agent/cost/rightsizing.h"

#include <algorithm>
#include <climits>
#include <cmath>

namespace unyo::agent {

RightsizingAdvice adviseRightsizing(double cpuP95Ratio, int currentVcpus,
                                    double computeYenPerHour) {
  RightsizingAdvice advice;
  advice.cpuP95Ratio = std::isnan(cpuP95Ratio) ? 0.0 : std::clamp(cpuP95Ratio, 0.0, 1.0);
  advice.currentVcpus = std::max(currentVcpus, 1);

  // The busy vCPUs at p95 must fit in 70% of the suggestion. The slack keeps a
  // load exactly at the target (0.70 x 4 / 0.70 = 4.000000000000001) from
  // rounding up to one vCPU more.
  const double needed = advice.cpuP95Ratio * advice.currentVcpus / kRightsizingTargetRatio;
  const double rounded = std::ceil(needed - 1e-9);
  advice.suggestedVcpus = static_cast<int>(std::clamp(rounded, 1.0, static_cast<double>(INT_MAX)));

  const double savings =
      computeYenPerHour * (advice.currentVcpus - advice.suggestedVcpus) / advice.currentVcpus;
  advice.savingsYenPerHour = savings > 0 ? savings : 0.0;  // also when the price is NaN
  return advice;
}

}  // namespace unyo::agent
