// Expression::parse: recursive descent over the lexer's tokens, one
// function per precedence level of the grammar in expression.h.

#include <algorithm>
#include <initializer_list>
#include <utility>

#include "base/error.h"
#include "playbooks/expression/expression.h"
#include "playbooks/expression/expression_lexer.h"
#include "playbooks/expression/expression_node.h"

namespace unyo::playbooks {

namespace expression_detail {

namespace {

// Deeper trees are refused rather than risk the stack while parsing or
// evaluating; real conditions nest a handful of levels.
constexpr std::size_t kMaxDepth = 100;

// How a token reads in a message: "foo", or the string "a b".
std::string describe(const Token& token) {
  if (token.kind == TokenKind::string) return "the string " + std::string(token.source);
  return inQuotes(token.source);
}

bool isLabelName(std::string_view name) {
  return !name.empty() && name.front() != ':' && name.find(':') == std::string_view::npos;
}

std::optional<LabelMatcher::Op> matcherOp(const Token& token) {
  if (token.kind != TokenKind::op) return std::nullopt;
  if (token.text == "=") return LabelMatcher::Op::equal;
  if (token.text == "!=") return LabelMatcher::Op::notEqual;
  if (token.text == "=~") return LabelMatcher::Op::regexMatch;
  if (token.text == "!~") return LabelMatcher::Op::regexNoMatch;
  return std::nullopt;
}

// The binary operator a token spells: "+" and "==" are operators, "and"
// and "or" are words.
std::optional<BinaryOp> binaryOpOf(const Token& token) {
  if (token.kind != TokenKind::op && token.kind != TokenKind::word) return std::nullopt;
  return binaryOpFromSpelling(token.text);
}

class Parser {
 public:
  Parser(std::vector<Token> tokens, std::vector<Reference>& references,
         std::vector<Selector>& selectors)
      : tokens_(std::move(tokens)), references_(references), selectors_(selectors) {}

  std::expected<NodePtr, ParseError> parseAll() {
    auto root = parseOr();
    if (root && peek().kind != TokenKind::end) return unexpectedAfterValue(peek());
    return root;
  }

 private:
  using Result = std::expected<NodePtr, ParseError>;
  using Level = std::initializer_list<BinaryOp>;

  Result parseOr() {
    if (++nesting_ > kMaxDepth) return tooDeep(peek());
    auto result = leftAssociative(&Parser::parseAnd, {BinaryOp::logicalOr});
    --nesting_;
    return result;
  }
  Result parseAnd() { return leftAssociative(&Parser::parseNot, {BinaryOp::logicalAnd}); }
  Result parseSum() {
    return leftAssociative(&Parser::parseProduct, {BinaryOp::add, BinaryOp::subtract});
  }
  Result parseProduct() {
    return leftAssociative(&Parser::parseUnary, {BinaryOp::multiply, BinaryOp::divide});
  }

  Result parseNot() {
    if (peek().kind != TokenKind::word || peek().text != "not") return parseCompare();
    return prefix(Node::Kind::logicalNot, &Parser::parseNot);
  }

  Result parseUnary() {
    if (peek().kind != TokenKind::op || peek().text != "-") return parsePrimary();
    return prefix(Node::Kind::negate, &Parser::parseUnary);
  }

  Result parseCompare() {
    auto left = parseSum();
    if (!left) return left;
    const auto op = binaryOpOf(peek());
    if (!op || !isComparison(*op)) return left;
    const Token& token = advance();
    auto right = parseSum();
    if (!right) return right;
    if (const auto next = binaryOpOf(peek()); next && isComparison(*next)) {
      return error("comparisons do not chain; join them with \"and\"", peek().offset);
    }
    return binary(*op, token.offset, std::move(*left), std::move(*right));
  }

  Result leftAssociative(Result (Parser::*operand)(), Level level) {
    auto left = (this->*operand)();
    while (left) {
      const auto op = binaryOpOf(peek());
      if (!op || std::ranges::find(level, *op) == level.end()) break;
      const Token& token = advance();
      auto right = (this->*operand)();
      if (!right) return right;
      left = binary(*op, token.offset, std::move(*left), std::move(*right));
    }
    return left;
  }

  Result prefix(Node::Kind kind, Result (Parser::*operand)()) {
    const Token& token = advance();
    if (++nesting_ > kMaxDepth) return tooDeep(token);
    auto inner = (this->*operand)();
    --nesting_;
    if (!inner) return inner;
    Node node(kind, token.offset);
    node.depth = (*inner)->depth + 1;
    node.left = std::move(*inner);
    return finish(std::move(node));
  }

  Result parsePrimary() {
    const Token& token = peek();
    Node node(Node::Kind::number, token.offset);
    switch (token.kind) {
      case TokenKind::number:
        node.number = advance().number;
        return finish(std::move(node));
      case TokenKind::string:
        node.kind = Node::Kind::string;
        node.text = advance().text;
        return finish(std::move(node));
      case TokenKind::reference:
        node.kind = Node::Kind::reference;
        node.reference = Reference{advance().path, token.offset};
        references_.push_back(node.reference);
        return finish(std::move(node));
      case TokenKind::leftParen:
        return parseParenthesized();
      case TokenKind::word:
        return parseWord();
      default:
        return std::unexpected(expectedValue());
    }
  }

  Result parseParenthesized() {
    const Token& open = advance();
    auto inner = parseOr();
    if (!inner) return inner;
    if (peek().kind == TokenKind::rightParen) {
      advance();
      return inner;
    }
    if (peek().kind == TokenKind::end) return error("unclosed \"(\"", open.offset);
    return unexpectedAfterValue(peek());
  }

  Result parseWord() {
    const Token& token = peek();
    if (token.text == "true" || token.text == "false") {
      advance();
      Node node(Node::Kind::number, token.offset);
      node.number = token.text == "true" ? 1 : 0;
      return finish(std::move(node));
    }
    if (token.text == "and" || token.text == "or" || token.text == "not") {
      return std::unexpected(expectedValue());
    }
    // `item` alone is the current item of a step's loop (its fields are
    // item.NAME), never a metric: no exporter names one so.
    if (token.text == "item" && tokens_[pos_ + 1].kind != TokenKind::leftBrace) {
      Node node(Node::Kind::reference, token.offset);
      node.reference = Reference{{"item"}, token.offset};
      references_.push_back(node.reference);
      advance();
      return finish(std::move(node));
    }
    if (isReferenceRoot(token.text)) {
      return error(inQuotes(token.text) + " needs a name after it, e.g. " + token.text + ".NAME",
                   token.offset);
    }
    advance();
    CompiledSelector selector(token.text, token.offset);
    if (peek().kind == TokenKind::leftBrace) {
      if (auto matched = parseMatchers(selector); !matched) {
        return std::unexpected(std::move(matched.error()));
      }
    }
    selectors_.push_back(selector.selector());
    Node node(Node::Kind::selector, token.offset);
    node.selector = std::move(selector);
    return finish(std::move(node));
  }

  // `{label op "value", ...}` after a metric name; a trailing comma is fine.
  std::expected<void, ParseError> parseMatchers(CompiledSelector& selector) {
    const Token& open = advance();
    while (peek().kind != TokenKind::rightBrace) {
      if (peek().kind == TokenKind::end) return error("unclosed \"{\"", open.offset);
      const Token& label = advance();
      if (label.kind != TokenKind::word || !isLabelName(label.text)) {
        return error("expected a label name, got " + describe(label), label.offset);
      }
      const auto op = matcherOp(peek());
      if (!op) {
        return error("expected \"=\", \"!=\", \"=~\" or \"!~\" after label " + inQuotes(label.text),
                     peek().offset);
      }
      advance();
      const Token& value = peek();
      if (value.kind != TokenKind::string) {
        return error("label matcher needs a quoted value", value.offset);
      }
      advance();
      if (auto added = selector.addMatcher(LabelMatcher{label.text, *op, value.text}); !added) {
        return error(std::move(added.error().message), value.offset);
      }
      if (peek().kind == TokenKind::comma) {
        advance();
      } else if (peek().kind == TokenKind::end) {
        return error("unclosed \"{\"", open.offset);
      } else if (peek().kind != TokenKind::rightBrace) {
        return error("expected \",\" or \"}\" after a label matcher, got " + describe(peek()),
                     peek().offset);
      }
    }
    advance();
    return {};
  }

  Result binary(BinaryOp op, std::size_t offset, NodePtr left, NodePtr right) {
    Node node(Node::Kind::binary, offset);
    node.depth = std::max(left->depth, right->depth) + 1;
    node.op = op;
    node.left = std::move(left);
    node.right = std::move(right);
    return finish(std::move(node));
  }

  Result finish(Node node) {
    if (node.depth > kMaxDepth) return tooDeep(tokens_[pos_ > 0 ? pos_ - 1 : 0]);
    return std::make_shared<const Node>(std::move(node));
  }

  // A token that cannot follow a complete value.
  std::unexpected<ParseError> unexpectedAfterValue(const Token& token) const {
    if (token.kind == TokenKind::rightParen) return error("unmatched \")\"", token.offset);
    if (token.kind == TokenKind::op && token.text == "=") {
      return error("unknown operator \"=\" (compare with \"==\")", token.offset);
    }
    if (matcherOp(token)) {
      return error(inQuotes(token.text) + " only matches labels, inside a selector's {...}",
                   token.offset);
    }
    return error("expected an operator, got " + describe(token), token.offset);
  }

  ParseError expectedValue() const {
    const Token& token = peek();
    if (pos_ == 0) {
      if (token.kind == TokenKind::end) return ParseError{"empty expression", 0};
      return ParseError{"expected a value, got " + describe(token), token.offset};
    }
    std::string message = "expected a value after " + inQuotes(tokens_[pos_ - 1].source);
    if (token.kind != TokenKind::end) message += ", got " + describe(token);
    return ParseError{std::move(message), token.offset};
  }

  std::unexpected<ParseError> tooDeep(const Token& token) const {
    return error("expression nests too deeply (more than " + std::to_string(kMaxDepth) + " levels)",
                 token.offset);
  }

  static std::unexpected<ParseError> error(std::string message, std::size_t offset) {
    return std::unexpected(ParseError{std::move(message), offset});
  }

  const Token& peek() const { return tokens_[pos_]; }
  // The current token, moving past it; the final `end` token stays current.
  const Token& advance() {
    const Token& token = tokens_[pos_];
    if (token.kind != TokenKind::end) ++pos_;
    return token;
  }

  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  std::size_t nesting_ = 0;
  std::vector<Reference>& references_;
  std::vector<Selector>& selectors_;
};

}  // namespace

}  // namespace expression_detail

std::expected<Expression, Expression::ParseError> Expression::parse(std::string_view text) {
  auto tokens = expression_detail::tokenize(text);
  if (!tokens) return std::unexpected(std::move(tokens.error()));
  Expression expression;
  expression.text_ = std::string(text);
  expression_detail::Parser parser(std::move(*tokens), expression.references_,
                                   expression.selectors_);
  auto root = parser.parseAll();
  if (!root) return std::unexpected(std::move(root.error()));
  expression.root_ = std::move(*root);
  return expression;
}

}  // namespace unyo::playbooks
