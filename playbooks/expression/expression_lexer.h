#pragma once

// Splits a condition expression into tokens. Everything about spelling is
// decided here (numbers, quoted strings, metric names, references, which
// operators exist), so the parser only deals with structure.

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "playbooks/expression/expression.h"

namespace unyo::playbooks::expression_detail {

enum class TokenKind {
  number,      // 15, 0.85, 1e3, .5
  string,      // "..." or '...'; `text` holds the value, escapes resolved
  word,        // a metric or label name, or a keyword (and, or, not, true, false)
  reference,   // params.days or {{ params.days }}; `path` holds the names
  op,          // == != > >= < <= = =~ !~ + - * /
  leftParen,   // (
  rightParen,  // )
  leftBrace,   // {
  rightBrace,  // }
  comma,       // ,
  end,         // after the last token; its offset is the text's length
};

struct Token {
  TokenKind kind = TokenKind::end;
  std::string_view source;  // the token as written
  std::string text;         // strings: the value; words and operators: as written
  double number = 0;
  std::vector<std::string> path;
  std::size_t offset = 0;
};

using ParseError = Expression::ParseError;

// The tokens of `text`, ending with one `end` token. Errors: an unclosed
// string or "{{", a malformed number or reference, an unknown operator or
// character.
std::expected<std::vector<Token>, ParseError> tokenize(std::string_view text);

// params, vars, steps, item, loop, run, playbook, identity, trigger: the
// names a bare dotted path may start with to be a reference rather than a
// metric.
bool isReferenceRoot(std::string_view word);

}  // namespace unyo::playbooks::expression_detail
