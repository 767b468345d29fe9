#pragma once

// What the operators of a condition expression do to their operands:
// PromQL's instant-vector rules (per series; two vectors pair up by
// identical label sets; a comparison filters) on top of plain numbers,
// strings and booleans. Booleans are the numbers 1 and 0.

#include <optional>
#include <string_view>

#include "base/error.h"
#include "playbooks/expression/expression.h"

namespace unyo::playbooks::expression_detail {

enum class BinaryOp {
  add,
  subtract,
  multiply,
  divide,
  equal,
  notEqual,
  greater,
  greaterOrEqual,
  less,
  lessOrEqual,
  logicalAnd,
  logicalOr,
};

// "+", "==", "and" ... and back; nullopt for anything else.
std::string_view spelling(BinaryOp op);
std::optional<BinaryOp> binaryOpFromSpelling(std::string_view text);
bool isComparison(BinaryOp op);

ExprResult scalarResult(double value);
ExprResult booleanResult(bool value);

// The number a string spells ("0.85", " 15 ", "1e3", "-2"), or nullopt.
std::optional<double> numberFromText(std::string_view text);

// Arithmetic and comparisons: numbers and vectors, and strings that spell a
// number; == and != also compare two strings as text. `and` / `or`:
//   a and b   both non-vectors: 1 or 0. With a vector: a vector's series
//             survive when the other side is true (a vector on both sides:
//             the left series whose label set the right one has).
//   a or b    a if it is true (a non-vector as 1), else b (likewise).
// Errors: a string that is not a number where a number is needed.
Expected<ExprResult> applyBinary(BinaryOp op, const ExprResult& left, const ExprResult& right);

// -x per series for vectors. Error: a string that is not a number.
Expected<ExprResult> negate(const ExprResult& operand);

// 1 when the operand is false (an empty vector, 0, ""), else 0.
ExprResult logicalNot(const ExprResult& operand);

}  // namespace unyo::playbooks::expression_detail
