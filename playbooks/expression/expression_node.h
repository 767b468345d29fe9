#pragma once

// The parsed form of a condition expression: an immutable tree, shared by
// copies of the Expression, that evaluation walks once per sample.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "base/error.h"
#include "collectors/snapshot.h"
#include "playbooks/expression/expression_ops.h"
#include "playbooks/expression/expression_selector.h"
#include "playbooks/expression/template.h"
#include "playbooks/value.h"

namespace unyo::playbooks::expression_detail {

struct Node {
  enum class Kind { number, string, reference, selector, negate, logicalNot, binary };

  Node(Kind nodeKind, std::size_t nodeOffset) : kind(nodeKind), offset(nodeOffset) {}

  Kind kind = Kind::number;
  std::size_t offset = 0;  // where the node's token starts in the text
  std::size_t depth = 1;   // of the subtree, to refuse trees too deep to walk safely
  double number = 0;       // number (true and false are 1 and 0)
  std::string text;        // string
  Reference reference;     // reference
  std::optional<CompiledSelector> selector;
  BinaryOp op = BinaryOp::add;        // binary
  std::shared_ptr<const Node> left;   // binary; the operand of negate and logicalNot
  std::shared_ptr<const Node> right;  // binary
};

using NodePtr = std::shared_ptr<const Node>;

// `snapshot` may be null; see Expression::evaluate.
Expected<ExprResult> evaluateNode(const Node& node, const collectors::Snapshot* snapshot,
                                  const Value& scope);

}  // namespace unyo::playbooks::expression_detail
