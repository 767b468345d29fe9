#include "playbooks/expression/expression_ops.h"

#include <array>
#include <cctype>
#include <charconv>
#include <utility>

namespace unyo::playbooks::expression_detail {

namespace {

using Kind = ExprResult::Kind;

constexpr std::array<std::pair<BinaryOp, std::string_view>, 12> kSpellings = {{
    {BinaryOp::add, "+"},
    {BinaryOp::subtract, "-"},
    {BinaryOp::multiply, "*"},
    {BinaryOp::divide, "/"},
    {BinaryOp::equal, "=="},
    {BinaryOp::notEqual, "!="},
    {BinaryOp::greater, ">"},
    {BinaryOp::greaterOrEqual, ">="},
    {BinaryOp::less, "<"},
    {BinaryOp::lessOrEqual, "<="},
    {BinaryOp::logicalAnd, "and"},
    {BinaryOp::logicalOr, "or"},
}};

// IEEE arithmetic gives PromQL's answers for division by zero: ±Inf, NaN.
double arithmetic(BinaryOp op, double left, double right) {
  switch (op) {
    case BinaryOp::add:
      return left + right;
    case BinaryOp::subtract:
      return left - right;
    case BinaryOp::multiply:
      return left * right;
    default:
      return left / right;
  }
}

bool compare(BinaryOp op, double left, double right) {
  switch (op) {
    case BinaryOp::equal:
      return left == right;
    case BinaryOp::notEqual:
      return left != right;
    case BinaryOp::greater:
      return left > right;
    case BinaryOp::greaterOrEqual:
      return left >= right;
    case BinaryOp::less:
      return left < right;
    default:
      return left <= right;
  }
}

ExprResult emptyVector() {
  ExprResult result;
  result.kind = Kind::vector;
  return result;
}

// A string operand as the number it spells; numbers and vectors as they are.
Expected<ExprResult> asNumeric(const ExprResult& operand, BinaryOp op) {
  if (operand.kind != Kind::string) return operand;
  if (auto number = numberFromText(operand.text)) return scalarResult(*number);
  return fail("\"" + std::string(spelling(op)) + "\" needs a number, got the string \"" +
              operand.text + "\"");
}

const SeriesValue* findSeries(const std::vector<SeriesValue>& series, const Labels& labels) {
  for (const auto& candidate : series) {
    if (candidate.labels == labels) return &candidate;
  }
  return nullptr;
}

// An arithmetic or comparison operator on numbers and vectors. A comparison
// on a vector keeps the series for which it holds, with the vector's value
// (the left one's when both sides are vectors).
ExprResult applyNumeric(BinaryOp op, const ExprResult& left, const ExprResult& right) {
  const bool comparison = isComparison(op);
  if (left.kind == Kind::scalar && right.kind == Kind::scalar) {
    return comparison ? booleanResult(compare(op, left.scalar, right.scalar))
                      : scalarResult(arithmetic(op, left.scalar, right.scalar));
  }
  ExprResult out = emptyVector();
  auto emit = [&](const Labels& labels, double a, double b, double kept) {
    if (!comparison) {
      out.series.push_back(SeriesValue{labels, arithmetic(op, a, b)});
    } else if (compare(op, a, b)) {
      out.series.push_back(SeriesValue{labels, kept});
    }
  };
  if (left.kind == Kind::vector && right.kind == Kind::vector) {
    for (const auto& series : left.series) {
      if (const SeriesValue* match = findSeries(right.series, series.labels)) {
        emit(series.labels, series.value, match->value, series.value);
      }
    }
  } else if (left.kind == Kind::vector) {
    for (const auto& series : left.series) {
      emit(series.labels, series.value, right.scalar, series.value);
    }
  } else {
    for (const auto& series : right.series) {
      emit(series.labels, left.scalar, series.value, series.value);
    }
  }
  return out;
}

ExprResult applyAnd(const ExprResult& left, const ExprResult& right) {
  const bool leftVector = left.kind == Kind::vector;
  const bool rightVector = right.kind == Kind::vector;
  if (leftVector && rightVector) {
    ExprResult out = emptyVector();
    for (const auto& series : left.series) {
      if (findSeries(right.series, series.labels) != nullptr) out.series.push_back(series);
    }
    return out;
  }
  if (leftVector) return right.truthy() ? left : emptyVector();
  if (rightVector) return left.truthy() ? right : emptyVector();
  return booleanResult(left.truthy() && right.truthy());
}

ExprResult applyOr(const ExprResult& left, const ExprResult& right) {
  const ExprResult& chosen = left.truthy() ? left : right;
  if (chosen.kind == Kind::vector) return chosen;
  return booleanResult(chosen.truthy());
}

}  // namespace

std::string_view spelling(BinaryOp op) {
  for (const auto& [candidate, text] : kSpellings) {
    if (candidate == op) return text;
  }
  return "?";
}

std::optional<BinaryOp> binaryOpFromSpelling(std::string_view text) {
  for (const auto& [op, candidate] : kSpellings) {
    if (candidate == text) return op;
  }
  return std::nullopt;
}

bool isComparison(BinaryOp op) { return op >= BinaryOp::equal && op <= BinaryOp::lessOrEqual; }

ExprResult scalarResult(double value) {
  ExprResult result;
  result.scalar = value;
  return result;
}

ExprResult booleanResult(bool value) { return scalarResult(value ? 1 : 0); }

std::optional<double> numberFromText(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) {
    text.remove_suffix(1);
  }
  if (text.size() > 1 && text.front() == '+' && text[1] != '-') text.remove_prefix(1);
  double number = 0;
  const char* last = text.data() + text.size();
  auto [end, ec] = std::from_chars(text.data(), last, number);
  if (text.empty() || ec != std::errc() || end != last) return std::nullopt;
  return number;
}

Expected<ExprResult> applyBinary(BinaryOp op, const ExprResult& left, const ExprResult& right) {
  if (op == BinaryOp::logicalAnd) return applyAnd(left, right);
  if (op == BinaryOp::logicalOr) return applyOr(left, right);
  const bool textEquality = op == BinaryOp::equal || op == BinaryOp::notEqual;
  if (textEquality && left.kind == Kind::string && right.kind == Kind::string) {
    return booleanResult((left.text == right.text) == (op == BinaryOp::equal));
  }
  auto numericLeft = asNumeric(left, op);
  if (!numericLeft) return numericLeft;
  auto numericRight = asNumeric(right, op);
  if (!numericRight) return numericRight;
  return applyNumeric(op, *numericLeft, *numericRight);
}

Expected<ExprResult> negate(const ExprResult& operand) {
  auto numeric = asNumeric(operand, BinaryOp::subtract);
  if (!numeric) return numeric;
  ExprResult result = std::move(*numeric);
  result.scalar = -result.scalar;
  for (auto& series : result.series) series.value = -series.value;
  return result;
}

ExprResult logicalNot(const ExprResult& operand) { return booleanResult(!operand.truthy()); }

}  // namespace unyo::playbooks::expression_detail
