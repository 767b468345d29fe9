#include "playbooks/expression/expression_selector.h"

#include <algorithm>
#include <utility>

namespace unyo::playbooks::expression_detail {

namespace {

using Op = LabelMatcher::Op;

bool isRegex(Op op) { return op == Op::regexMatch || op == Op::regexNoMatch; }

bool hasOneValue(prometheus::MetricType type) {
  return type == prometheus::MetricType::Counter || type == prometheus::MetricType::Gauge ||
         type == prometheus::MetricType::Untyped;
}

}  // namespace

CompiledSelector::CompiledSelector(std::string metric, std::size_t offset) {
  selector_.metric = std::move(metric);
  selector_.offset = offset;
}

Expected<void> CompiledSelector::addMatcher(LabelMatcher matcher) {
  std::regex regex;
  if (isRegex(matcher.op)) {
    try {
      regex = std::regex(matcher.value, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      return fail("invalid regular expression \"" + matcher.value + "\": " + e.what());
    }
  }
  selector_.matchers.push_back(std::move(matcher));
  regexes_.push_back(std::move(regex));
  return {};
}

Expected<bool> CompiledSelector::matches(const prometheus::ClientMetric& metric) const {
  for (std::size_t i = 0; i < selector_.matchers.size(); ++i) {
    const LabelMatcher& matcher = selector_.matchers[i];
    const std::string_view value = labelValue(metric, matcher.label);
    bool holds = false;
    switch (matcher.op) {
      case Op::equal:
        holds = value == matcher.value;
        break;
      case Op::notEqual:
        holds = value != matcher.value;
        break;
      case Op::regexMatch:
      case Op::regexNoMatch:
        try {
          // regex_match must match the whole value: the anchoring PromQL has.
          const bool found = std::regex_match(value.begin(), value.end(), regexes_[i]);
          holds = found == (matcher.op == Op::regexMatch);
        } catch (const std::regex_error& e) {
          return fail("regular expression \"" + matcher.value + "\" failed on label " +
                      matcher.label + "=\"" + std::string(value) + "\": " + e.what());
        }
        break;
    }
    if (!holds) return false;
  }
  return true;
}

Expected<std::vector<SeriesValue>> CompiledSelector::match(
    const collectors::Snapshot* snapshot) const {
  std::vector<SeriesValue> out;
  if (snapshot == nullptr) return out;
  const prometheus::MetricFamily* family = snapshot->find(selector_.metric);
  if (family == nullptr || !hasOneValue(family->type)) return out;
  for (const auto& metric : family->metric) {
    auto matched = matches(metric);
    if (!matched) return std::unexpected(std::move(matched.error()));
    if (!*matched) continue;
    SeriesValue series{metric.label, sampleValue(*family, metric)};
    if (!std::is_sorted(series.labels.begin(), series.labels.end())) {
      std::sort(series.labels.begin(), series.labels.end());
    }
    out.push_back(std::move(series));
  }
  return out;
}

}  // namespace unyo::playbooks::expression_detail
