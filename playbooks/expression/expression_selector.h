#pragma once

// A metric selector ready to run against each new snapshot: its regular
// expressions are compiled once, when the expression is parsed, because
// conditions are evaluated on every sample.

#include <cstddef>
#include <regex>
#include <string>
#include <vector>

#include "base/error.h"
#include "collectors/snapshot.h"
#include "playbooks/expression/expression.h"

namespace unyo::playbooks::expression_detail {

class CompiledSelector {
 public:
  // `offset`: where the metric name starts in the expression text.
  CompiledSelector(std::string metric, std::size_t offset);

  // Error: for =~ and !~, a value that is not an ECMAScript regular
  // expression (with std::regex's reason).
  Expected<void> addMatcher(LabelMatcher matcher);

  const Selector& selector() const { return selector_; }

  // The series of the selector's metric whose labels satisfy every matcher
  // (a missing label reads as ""), with labels sorted by name. Only
  // counters, gauges and untyped metrics have one value per series;
  // histograms and summaries match nothing. A null snapshot matches nothing.
  // Error: a regular expression too complex for std::regex on some value.
  Expected<std::vector<SeriesValue>> match(const collectors::Snapshot* snapshot) const;

 private:
  Expected<bool> matches(const prometheus::ClientMetric& metric) const;

  Selector selector_;
  std::vector<std::regex> regexes_;  // one per matcher; only =~ and !~ use theirs
};

}  // namespace unyo::playbooks::expression_detail
