#pragma once

// A line that says whether it arrived whole: "<crc32 hex> <payload>\n".
// Appending lines is atomic enough for a ledger only if a torn or garbled
// line can be told apart from a good one; the checksum does that, so a
// crash mid-write loses that one line and never corrupts a total.

#include <optional>
#include <string>
#include <string_view>

namespace unyo::agent {

// The framed line, newline included. `payload` must not contain '\n'.
std::string checksummedLine(std::string_view payload);

// The payload of one line (without its '\n'), or nullopt when the line is
// torn, garbled, or not framed.
std::optional<std::string_view> checkedPayload(std::string_view line);

}  // namespace unyo::agent
