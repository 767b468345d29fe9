#pragma once

// The metric model is prometheus-cpp's MetricFamily; these helpers keep
// collectors short when they build families by hand.

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "prometheus/metric_family.h"

namespace unyo {

using Families = std::vector<prometheus::MetricFamily>;
using Label = prometheus::ClientMetric::Label;
using Labels = std::vector<Label>;

// A new, empty family. Build families as locals and move them into the
// output when done: a reference into a growing Families vector would dangle.
prometheus::MetricFamily makeFamily(std::string name, std::string help,
                                    prometheus::MetricType type);

inline prometheus::MetricFamily gaugeFamily(std::string name, std::string help) {
  return makeFamily(std::move(name), std::move(help), prometheus::MetricType::Gauge);
}

inline prometheus::MetricFamily counterFamily(std::string name, std::string help) {
  return makeFamily(std::move(name), std::move(help), prometheus::MetricType::Counter);
}

// Appends one sample; the value goes to the field the family's type uses.
void addSample(prometheus::MetricFamily& family, double value, Labels labels = {});

// The family with that name, or nullptr.
const prometheus::MetricFamily* findFamily(const Families& families, std::string_view name);

// The value of a counter, gauge or untyped sample.
double sampleValue(const prometheus::MetricFamily& family, const prometheus::ClientMetric& m);

// The value of label `name`, or an empty view when the sample has none.
std::string_view labelValue(const prometheus::ClientMetric& m, std::string_view name);

}  // namespace unyo
