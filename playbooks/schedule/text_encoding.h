#pragma once

// The two encodings Japanese CSV files come in: UTF-8, and Shift_JIS as
// Windows writes it (CP932), which is how the Cabinet Office publishes its
// holiday list.

#include <optional>
#include <string>
#include <string_view>

namespace unyo::playbooks {

// Strict: rejects overlong forms, surrogates and code points past U+10FFFF.
bool isValidUtf8(std::string_view bytes);

// nullopt when `bytes` is not valid CP932 (or the C library cannot convert it).
std::optional<std::string> shiftJisToUtf8(std::string_view bytes);

}  // namespace unyo::playbooks
