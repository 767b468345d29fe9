// UTF-8 validation for body excerpts.

#include "playbooks/net/body_excerpt.h"

#include <algorithm>

namespace unyo::playbooks::net {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool isContinuation(unsigned char c) { return (c & 0xC0U) == 0x80U; }

// The length of the valid UTF-8 sequence at the start of `text`, or 0.
std::size_t validSequenceLength(std::string_view text) {
  const auto lead = static_cast<unsigned char>(text[0]);
  std::size_t length = 0;
  unsigned char low = 0x80;   // bounds of the second byte, to refuse overlong
  unsigned char high = 0xBF;  // forms, surrogates and code points past U+10FFFF
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (text.size() < length) return 0;
  const auto second = static_cast<unsigned char>(text[1]);
  if (second < low || second > high) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if (!isContinuation(static_cast<unsigned char>(text[i]))) return 0;
  }
  return length;
}

}  // namespace

std::string utf8Excerpt(std::string_view body, std::size_t maxBytes) {
  const std::string_view text = body.substr(0, std::min(body.size(), maxBytes));
  const bool cut = body.size() > maxBytes;
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t length = validSequenceLength(text.substr(i));
    if (length > 0) {
      out.append(text.substr(i, length));
      i += length;
      continue;
    }
    // A character the limit cut in two is dropped rather than replaced.
    if (cut && validSequenceLength(body.substr(i, 4)) > text.size() - i) break;
    out.append(kReplacement);
    ++i;
  }
  return out;
}

}  // namespace unyo::playbooks::net
