#include "playbooks/expression/expression_lexer.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "base/did_you_mean.h"
#include "base/error.h"
#include "playbooks/expression/template.h"

namespace unyo::playbooks::expression_detail {

namespace {

constexpr std::array<std::string_view, 9> kReferenceRoots = {
    "params", "vars", "steps", "item", "loop", "run", "playbook", "identity", "trigger"};
constexpr std::array<std::string_view, 13> kOperators = {"==", "!=", ">=", "<=", ">", "<", "=",
                                                         "=~", "!~", "+",  "-",  "*", "/"};
// Characters that combine into one operator; a run of them that is not in
// kOperators ("=>", "&&") is reported as a whole rather than half-read.
constexpr std::string_view kOperatorChars = "=!<>~&|";
constexpr std::string_view kArithmeticChars = "+-*/";

bool isDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool isAlpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool isSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }
bool isMetricStart(char c) { return isAlpha(c) || c == '_' || c == ':'; }
bool isMetricChar(char c) { return isMetricStart(c) || isDigit(c); }
bool isPathChar(char c) { return isAlpha(c) || isDigit(c) || c == '_'; }

std::string operatorHint(std::string_view op) {
  if (op == "&&") return " (use \"and\")";
  if (op == "||") return " (use \"or\")";
  if (op == "!") return " (use \"not\")";
  if (op == "<>") return " (use \"!=\")";
  if (op == "=>") return " (did you mean \">=\"?)";
  if (op == "=<") return " (did you mean \"<=\"?)";
  return "";
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  std::expected<std::vector<Token>, ParseError> run() {
    std::vector<Token> tokens;
    while (true) {
      auto token = next();
      if (!token) return std::unexpected(std::move(token.error()));
      const bool done = token->kind == TokenKind::end;
      tokens.push_back(std::move(*token));
      if (done) return tokens;
    }
  }

 private:
  using Result = std::expected<Token, ParseError>;

  Result next() {
    while (pos_ < text_.size() && isSpace(text_[pos_])) ++pos_;
    const std::size_t start = pos_;
    if (pos_ == text_.size()) return make(TokenKind::end, start);
    const char c = text_[pos_];
    if (isDigit(c) || (c == '.' && isDigit(peek(1)))) return number();
    if (c == '"' || c == '\'') return string();
    if (isMetricStart(c)) return word();
    if (text_.substr(pos_, 2) == "{{") return bracedReference();
    if (kOperatorChars.find(c) != std::string_view::npos ||
        kArithmeticChars.find(c) != std::string_view::npos) {
      return op();
    }
    ++pos_;
    switch (c) {
      case '(':
        return make(TokenKind::leftParen, start);
      case ')':
        return make(TokenKind::rightParen, start);
      case '{':
        return make(TokenKind::leftBrace, start);
      case '}':
        return make(TokenKind::rightBrace, start);
      case ',':
        return make(TokenKind::comma, start);
      default:
        break;
    }
    // Show a whole UTF-8 character, not its first byte.
    while (pos_ < text_.size() && (static_cast<unsigned char>(text_[pos_]) & 0xC0) == 0x80) ++pos_;
    return error("unexpected character " + inQuotes(text_.substr(start, pos_ - start)), start);
  }

  Result number() {
    const std::size_t start = pos_;
    skipDigits();
    if (peek(0) == '.') {
      ++pos_;
      skipDigits();
    }
    const char afterE = peek(1);
    if ((peek(0) == 'e' || peek(0) == 'E') &&
        (isDigit(afterE) || ((afterE == '+' || afterE == '-') && isDigit(peek(2))))) {
      pos_ += 2;
      skipDigits();
    }
    if (isMetricChar(peek(0)) || peek(0) == '.') {
      while (isMetricChar(peek(0)) || peek(0) == '.') ++pos_;
      return error("invalid number " + inQuotes(text_.substr(start, pos_ - start)), start);
    }
    Token token = make(TokenKind::number, start);
    const char* first = text_.data() + start;
    const char* last = text_.data() + pos_;
    auto [end, ec] = std::from_chars(first, last, token.number);
    if (ec != std::errc() || end != last) {
      return error("invalid number " + inQuotes(token.source), start);
    }
    return token;
  }

  Result string() {
    const std::size_t start = pos_;
    const char quote = text_[pos_++];
    std::string value;
    while (pos_ < text_.size() && text_[pos_] != quote) {
      if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) {
        value += unescape(text_[pos_ + 1]);
        pos_ += 2;
      } else {
        value += text_[pos_++];
      }
    }
    if (pos_ == text_.size()) return error("unclosed string", start);
    ++pos_;
    Token token = make(TokenKind::string, start);
    token.text = std::move(value);
    return token;
  }

  // Unknown escapes stay as written, so regular expressions like "\d+"
  // need no doubled backslash.
  static std::string unescape(char c) {
    switch (c) {
      case '"':
      case '\'':
      case '\\':
        return std::string(1, c);
      case 'n':
        return "\n";
      case 't':
        return "\t";
      default:
        return std::string{'\\', c};
    }
  }

  Result word() {
    const std::size_t start = pos_;
    while (isMetricChar(peek(0))) ++pos_;
    const std::string_view name = text_.substr(start, pos_ - start);
    if (peek(0) != '.') return make(TokenKind::word, start);
    if (!isReferenceRoot(name)) {
      while (isPathChar(peek(0)) || peek(0) == '.') ++pos_;
      std::string message = "unknown reference " + inQuotes(text_.substr(start, pos_ - start));
      const std::string guess = didYouMean(name, std::span<const std::string_view>(kReferenceRoots));
      message += !guess.empty() ? guess
                                : " (references start with " + listNames(kReferenceRoots) +
                                      "; metric names have no \".\")";
      if (start > 0 && text_[start - 1] == '-') {
        message += "; names with \"-\" need braces: {{ steps.my-step.failed }}";
      }
      return error(std::move(message), start);
    }
    std::vector<std::string> path{std::string(name)};
    while (peek(0) == '.') {
      const std::size_t nameStart = ++pos_;
      while (isPathChar(peek(0))) ++pos_;
      if (pos_ == nameStart) return error("expected a name after \".\"", nameStart);
      path.emplace_back(text_.substr(nameStart, pos_ - nameStart));
    }
    Token token = make(TokenKind::reference, start);
    token.path = std::move(path);
    return token;
  }

  Result bracedReference() {
    const std::size_t start = pos_;
    const std::size_t close = text_.find("}}", start + 2);
    if (close == std::string_view::npos) return error("unclosed \"{{\"", start);
    auto path = parseReferencePath(text_.substr(start + 2, close - start - 2));
    if (!path) return error(std::move(path.error().message), start);
    pos_ = close + 2;
    Token token = make(TokenKind::reference, start);
    token.path = std::move(*path);
    return token;
  }

  Result op() {
    const std::size_t start = pos_;
    if (kArithmeticChars.find(text_[pos_]) != std::string_view::npos) {
      ++pos_;
    } else {
      while (kOperatorChars.find(peek(0)) != std::string_view::npos) ++pos_;
    }
    const std::string_view spelled = text_.substr(start, pos_ - start);
    if (std::ranges::find(kOperators, spelled) == kOperators.end()) {
      return error("unknown operator " + inQuotes(spelled) + operatorHint(spelled), start);
    }
    return make(TokenKind::op, start);
  }

  void skipDigits() {
    while (isDigit(peek(0))) ++pos_;
  }

  // The character `ahead` places after the current one, or '\0' past the end.
  char peek(std::size_t ahead) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }

  Token make(TokenKind kind, std::size_t start) const {
    Token token;
    token.kind = kind;
    token.offset = start;
    token.source = text_.substr(start, pos_ - start);
    token.text = std::string(token.source);
    return token;
  }

  static std::unexpected<ParseError> error(std::string message, std::size_t offset) {
    return std::unexpected(ParseError{std::move(message), offset});
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

std::expected<std::vector<Token>, ParseError> tokenize(std::string_view text) {
  return Lexer(text).run();
}

bool isReferenceRoot(std::string_view word) {
  return std::ranges::find(kReferenceRoots, word) != kReferenceRoots.end();
}

}  // namespace unyo::playbooks::expression_detail
