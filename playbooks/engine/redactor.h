#pragma once

// Keeps secrets out of everything a run leaves behind: step outputs, errors,
// summaries, history, logs and API answers show *** where a secret param's
// value appeared. Also bounds the size of what is kept.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "playbooks/value.h"

namespace unyo::playbooks {

inline constexpr std::string_view kRedacted = "***";

class Redactor {
 public:
  // Every occurrence of `secret` is replaced from now on. Empty values are
  // ignored; short ones are redacted too (a leaked short secret is still a
  // leak), at the price of some *** in unrelated text.
  void addSecret(std::string secret);
  bool empty() const { return secrets_.empty(); }

  std::string redactText(std::string_view text) const;
  // Every string in the tree, keys included.
  Value redact(const Value& value) const;

 private:
  std::vector<std::string> secrets_;  // longest first, so a secret inside another is not half-shown
};

// Strings longer than `maxBytes` in the tree are cut (at a UTF-8 boundary)
// and end with "... [N bytes truncated]".
Value truncateStrings(const Value& value, std::size_t maxBytes);
std::string truncateText(std::string_view text, std::size_t maxBytes);

}  // namespace unyo::playbooks
