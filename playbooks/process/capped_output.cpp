// CappedOutput: keep the first `cap` bytes of a stream.

#include "playbooks/process/capped_output.h"

namespace unyo::playbooks {
namespace {

// Drops a UTF-8 sequence that the cap cut in two.
void trimPartialCharacter(std::string& text) {
  std::size_t i = text.size();
  std::size_t continuation = 0;
  while (i > 0 && continuation < 3 && (static_cast<unsigned char>(text[i - 1]) & 0xC0) == 0x80) {
    --i;
    ++continuation;
  }
  if (i == 0) return;
  const auto lead = static_cast<unsigned char>(text[i - 1]);
  std::size_t length = 1;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
  }
  if (length > 1 && continuation + 1 < length) text.resize(i - 1);
}

}  // namespace

void CappedOutput::append(std::string_view data) {
  const std::size_t room = cap_ > text_.size() ? cap_ - text_.size() : 0;
  const std::size_t kept = data.size() < room ? data.size() : room;
  text_.append(data.substr(0, kept));
  dropped_ += data.size() - kept;
}

std::string CappedOutput::take() {
  if (truncated()) {
    trimPartialCharacter(text_);
    text_ += "\n[... output truncated at " + std::to_string(cap_) + " bytes ...]\n";
  }
  return std::move(text_);
}

}  // namespace unyo::playbooks
