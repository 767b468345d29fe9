#pragma once

// Condition and assert expressions, PromQL-flavoured but small:
//
//   unyo_filesystem_used_ratio{mountpoint=~"/var.*"} > 0.85
//   node_load5 / count_cpus > 2                     (any exported metric name)
//   steps.space.output.used_ratio < {{ params.max }} and not steps.purge.failed
//   steps.status.output.state == "active"
//
// Grammar (lowest precedence first):
//   expr    := or
//   or      := and ("or" and)*
//   and     := not ("and" not)*
//   not     := "not" not | compare
//   compare := sum (("==" | "!=" | ">" | ">=" | "<" | "<=") sum)?
//   sum     := product (("+" | "-") product)*
//   product := unary (("*" | "/") unary)*
//   unary   := "-" unary | primary
//   primary := number | string | "true" | "false" | "(" expr ")"
//            | "{{" path "}}" | path            (params., vars., steps., item, loop.,
//                                                run., playbook., identity., trigger.
//                                                ...: a reference)
//            | metric_name ("{" matcher ("," matcher)* "}")?   (a selector)
//   matcher := label ("=" | "!=" | "=~" | "!~") string
//
// Values are scalars (number, string, bool) or instant vectors (the series
// a selector matches in the latest snapshot, each with its labels).
// Arithmetic and comparisons between a vector and a scalar apply per series;
// a comparison on a vector keeps the series for which it holds (as in
// PromQL). Between two vectors, series pair up by identical label sets.
// `and` / `or` / `not` on vectors: `v and x` keeps v's series if x is true
// (or, for a vector x, has a series with the same labels); `v or x` is v if
// non-empty, else x; `not v` is true when v is empty. Regular expressions
// are anchored (=~ "/var.*" matches "/var/log", not "/srv/var").
//
// The finer points:
// - Bare references use names of [A-Za-z0-9_]; a name with "-" (a step id
//   like check-disk) needs braces: {{ steps.check-disk.failed }}. `item`
//   alone (a loop's item) is a reference, not a metric.
// - A reference reads as a number (int, double; bool as 1/0) or a string
//   (null as ""); a list or map is an error. A string that spells a number
//   ("0.85" from a YAML param) is that number wherever a number is needed;
//   two strings compare as text with == and !=.
// - Comparisons of scalars give 1 or 0. A comparison with a vector on one
//   side keeps that vector's series (and values) for which it holds; with
//   vectors on both sides, the left series that have a partner and hold.
// - `a and b` / `a or b` without vectors give 1 or 0; `s and v` is v when s
//   is true. `and` skips its right side when the left is false and `or`
//   when it is true, so a reference there may be missing.
// - Only counter, gauge and untyped families match; histograms and
//   summaries match nothing. Labels in results are sorted by name and
//   never include the metric name, so `a / b` pairs series of different
//   metrics by their labels.
// - Division by zero gives +Inf, -Inf or NaN; NaN compares false and is
//   not truthy.
// - Trees deeper than 100 levels are refused at parse time.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "base/metric_family.h"
#include "collectors/snapshot.h"
#include "playbooks/expression/template.h"
#include "playbooks/value.h"

namespace unyo::playbooks {

namespace expression_detail {
struct Node;
}

struct LabelMatcher {
  enum class Op { equal, notEqual, regexMatch, regexNoMatch };
  std::string label;
  Op op = Op::equal;
  std::string value;
};

struct Selector {
  std::string metric;
  std::vector<LabelMatcher> matchers;
  std::size_t offset = 0;  // where it starts in the expression text
};

// One series of an instant vector.
struct SeriesValue {
  Labels labels;  // sorted by name
  double value = 0;
};

// The result of evaluating an expression.
struct ExprResult {
  enum class Kind { scalar, string, vector };
  Kind kind = Kind::scalar;
  double scalar = 0;                // numbers and booleans (1/0)
  std::string text;                 // strings
  std::vector<SeriesValue> series;  // vectors

  // Scalars: non-zero and not NaN; strings: as Value::truthy (not "", "0"
  // or "false", so a string param "false" is false); vectors: at least one
  // series.
  bool truthy() const;
};

class Expression {
 public:
  // Errors carry the 0-based offset of the problem in the message's
  // `offset` field so callers can point at FILE:LINE:COL.
  struct ParseError {
    std::string message;
    std::size_t offset = 0;
  };
  static std::expected<Expression, ParseError> parse(std::string_view text);

  const std::string& text() const { return text_; }
  // Every reference (params.x, steps.y.failed, ...) for load-time checks.
  const std::vector<Reference>& references() const;
  // Every metric selector, for load-time checks and documentation.
  const std::vector<Selector>& selectors() const;

  // `snapshot` may be null (no sample yet): a selector then matches nothing.
  // Errors: a reference the scope lacks, a string where a number is needed,
  // division by zero yields +Inf/NaN as in PromQL (not an error).
  Expected<ExprResult> evaluate(const collectors::Snapshot* snapshot, const Value& scope) const;

  Expression(const Expression&);
  Expression& operator=(const Expression&);
  Expression(Expression&&) noexcept;
  Expression& operator=(Expression&&) noexcept;
  ~Expression();

 private:
  Expression();
  std::string text_;
  std::shared_ptr<const expression_detail::Node> root_;  // immutable, so copies share it
  std::vector<Reference> references_;
  std::vector<Selector> selectors_;
};

}  // namespace unyo::playbooks
