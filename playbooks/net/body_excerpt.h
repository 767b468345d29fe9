#pragma once

// The start of a response body as text an output can carry. Outputs become
// JSON (run history, API), which must be valid UTF-8, while a body may be
// Shift_JIS, binary, or cut in the middle of a character.

#include <cstddef>
#include <string>
#include <string_view>

namespace unyo::playbooks::net {

inline constexpr std::size_t kBodyExcerptBytes = 512;

// The first `maxBytes` bytes of `body` as valid UTF-8: a character cut by
// the limit is dropped, and each invalid byte becomes U+FFFD.
std::string utf8Excerpt(std::string_view body, std::size_t maxBytes = kBodyExcerptBytes);

}  // namespace unyo::playbooks::net
