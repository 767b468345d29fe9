// Expression::evaluate: walks the parsed tree against one snapshot and the
// run's scope.

#include <utility>

#include "playbooks/expression/expression.h"
#include "playbooks/expression/expression_node.h"

namespace unyo::playbooks {

namespace expression_detail {

namespace {

ExprResult stringResult(std::string text) {
  ExprResult result;
  result.kind = ExprResult::Kind::string;
  result.text = std::move(text);
  return result;
}

// true/false become 1/0; strings stay strings until an operator needs a
// number ("0.85" from a YAML param compares as 0.85); null reads as "".
Expected<ExprResult> fromValue(const Value& value, const Reference& reference) {
  if (value.isBool()) return booleanResult(value.asBool());
  if (value.isNumber()) return scalarResult(value.asNumber());
  if (value.isString()) return stringResult(value.asString());
  if (value.isNull()) return stringResult("");
  return fail("reference \"" + reference.dotted() + "\" is a " + (value.isList() ? "list" : "map") +
              "; a condition needs a number, string or bool");
}

class Evaluator {
 public:
  Evaluator(const collectors::Snapshot* snapshot, const Value& scope)
      : snapshot_(snapshot), scope_(scope) {}

  Expected<ExprResult> evaluate(const Node& node) const {
    switch (node.kind) {
      case Node::Kind::number:
        return scalarResult(node.number);
      case Node::Kind::string:
        return stringResult(node.text);
      case Node::Kind::reference:
        return reference(node.reference);
      case Node::Kind::selector:
        return selector(*node.selector);
      case Node::Kind::negate: {
        auto operand = evaluate(*node.left);
        if (!operand) return operand;
        return negate(*operand);
      }
      case Node::Kind::logicalNot: {
        auto operand = evaluate(*node.left);
        if (!operand) return operand;
        return logicalNot(*operand);
      }
      case Node::Kind::binary:
        return binary(node);
    }
    return fail("unknown expression node");
  }

 private:
  Expected<ExprResult> reference(const Reference& ref) const {
    auto value = resolveReference(ref, scope_);
    if (!value) return std::unexpected(std::move(value.error()));
    return fromValue(**value, ref);
  }

  Expected<ExprResult> selector(const CompiledSelector& compiled) const {
    auto series = compiled.match(snapshot_);
    if (!series) return std::unexpected(std::move(series.error()));
    ExprResult result;
    result.kind = ExprResult::Kind::vector;
    result.series = std::move(*series);
    return result;
  }

  // `and` skips its right side when the left is false, `or` when it is
  // true, so `steps.a.ok and steps.a.output.x > 1` needs no output from a
  // step that failed.
  Expected<ExprResult> binary(const Node& node) const {
    auto left = evaluate(*node.left);
    if (!left) return left;
    const bool isVector = left->kind == ExprResult::Kind::vector;
    if (node.op == BinaryOp::logicalAnd && !left->truthy()) {
      return isVector ? std::move(*left) : booleanResult(false);
    }
    if (node.op == BinaryOp::logicalOr && left->truthy()) {
      return isVector ? std::move(*left) : booleanResult(true);
    }
    auto right = evaluate(*node.right);
    if (!right) return right;
    return applyBinary(node.op, *left, *right);
  }

  const collectors::Snapshot* snapshot_;
  const Value& scope_;
};

}  // namespace

Expected<ExprResult> evaluateNode(const Node& node, const collectors::Snapshot* snapshot,
                                  const Value& scope) {
  return Evaluator(snapshot, scope).evaluate(node);
}

}  // namespace expression_detail

Expected<ExprResult> Expression::evaluate(const collectors::Snapshot* snapshot,
                                          const Value& scope) const {
  if (!root_) return fail("expression \"" + text_ + "\" was moved from");
  return expression_detail::evaluateNode(*root_, snapshot, scope);
}

}  // namespace unyo::playbooks
