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
//            | "{{" path "}}" | path            (params., steps., run., playbook.,
//                                                identity., trigger. ...: a reference)
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

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/error.h"
#include "collectors/metric_family.h"
#include "collectors/snapshot.h"
#include "playbooks/template.h"
#include "playbooks/value.h"

namespace unyo::playbooks {

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
  double scalar = 0;                 // numbers and booleans (1/0)
  std::string text;                  // strings
  std::vector<SeriesValue> series;   // vectors

  // Scalars: non-zero; strings: non-empty; vectors: at least one series.
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
  struct Node;
  std::string text_;
  std::unique_ptr<Node> root_;
  std::vector<Reference> references_;
  std::vector<Selector> selectors_;
};

}  // namespace unyo::playbooks
