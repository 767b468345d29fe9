#include "playbooks/expression/expression.h"

#include <cmath>

#include "playbooks/expression/expression_node.h"

namespace unyo::playbooks {

bool ExprResult::truthy() const {
  switch (kind) {
    case Kind::scalar:
      return scalar != 0 && !std::isnan(scalar);
    case Kind::string:
      return Value(text).truthy();
    case Kind::vector:
      return !series.empty();
  }
  return false;
}

Expression::Expression() = default;
Expression::Expression(const Expression&) = default;
Expression& Expression::operator=(const Expression&) = default;
Expression::Expression(Expression&&) noexcept = default;
Expression& Expression::operator=(Expression&&) noexcept = default;
Expression::~Expression() = default;

const std::vector<Reference>& Expression::references() const { return references_; }

const std::vector<Selector>& Expression::selectors() const { return selectors_; }

}  // namespace unyo::playbooks
