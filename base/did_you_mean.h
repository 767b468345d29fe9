#pragma once

// "Did you mean" hints for names a person typed: a config or playbook key,
// an action, a reference. One helper, so every error guesses the same way.
//
//   closestMatch("retry", {"retries", "retry_delay"})   -> "retries"
//   didYouMean("http.get", actions)                     -> " (did you mean \"http.check\"?)"
//   listNames({"a", "b"})                               -> "a, b"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace unyo {

// The candidate `word` most likely stands for, or "" when none is close
// enough to be a slip of the keyboard. In order of preference:
// - the same name in another case (`Interval`);
// - few edits away (insertions, deletions, substitutions and swaps of
//   neighbours): at most 3, and fewer than half the longer name
//   (`intervl`, `retry` for `retries`; `ps` is close to nothing);
// - for dotted names, the closest candidate in the same family
//   (`http.get` for `http.check`, `service.reload` for `service.restart`);
// - the only candidate that starts with `word` (`min_free` for
//   `min_free_bytes`), `word` being at least 3 characters.
// Ties go to the candidate listed first.
std::string closestMatch(std::string_view word, std::span<const std::string_view> candidates);
std::string closestMatch(std::string_view word, std::span<const std::string> candidates);

// ` (did you mean "X"?)` to append to an error message, or "" when nothing
// is close.
std::string didYouMean(std::string_view word, std::span<const std::string_view> candidates);
std::string didYouMean(std::string_view word, std::span<const std::string> candidates);

// "a, b, c": the names in their order, for "expected one of: ...".
std::string listNames(std::span<const std::string_view> names);
std::string listNames(std::span<const std::string> names);

}  // namespace unyo
