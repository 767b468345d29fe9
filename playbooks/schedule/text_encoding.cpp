#include "playbooks/schedule/text_encoding.h"

#include <iconv.h>

#include <cstdint>

namespace unyo::playbooks {
namespace {

// Owns an iconv conversion descriptor.
class Converter {
 public:
  Converter(const char* to, const char* from) : descriptor_(iconv_open(to, from)) {}
  ~Converter() {
    if (valid()) iconv_close(descriptor_);
  }
  Converter(const Converter&) = delete;
  Converter& operator=(const Converter&) = delete;

  bool valid() const {
    return descriptor_ != reinterpret_cast<iconv_t>(static_cast<std::intptr_t>(-1));
  }

  std::optional<std::string> convert(std::string_view bytes) const {
    std::string input(bytes);  // iconv wants a mutable pointer
    // A CP932 byte never becomes more than 3 bytes of UTF-8.
    std::string output(input.size() * 3 + 4, '\0');
    char* in = input.data();
    char* out = output.data();
    std::size_t inLeft = input.size();
    std::size_t outLeft = output.size();
    constexpr auto kFailed = static_cast<std::size_t>(-1);
    if (iconv(descriptor_, &in, &inLeft, &out, &outLeft) == kFailed) return std::nullopt;
    if (iconv(descriptor_, nullptr, nullptr, &out, &outLeft) == kFailed) return std::nullopt;
    output.resize(output.size() - outLeft);
    return output;
  }

 private:
  iconv_t descriptor_;
};

}  // namespace

bool isValidUtf8(std::string_view bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto lead = static_cast<std::uint8_t>(bytes[i]);
    std::size_t length = 0;
    std::uint32_t codePoint = 0;
    if (lead < 0x80) {
      ++i;
      continue;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
      codePoint = lead & 0x1Fu;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      codePoint = lead & 0x0Fu;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      codePoint = lead & 0x07u;
    } else {
      return false;
    }
    if (i + length > bytes.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<std::uint8_t>(bytes[i + k]);
      if ((next & 0xC0u) != 0x80u) return false;
      codePoint = (codePoint << 6) | (next & 0x3Fu);
    }
    const bool overlong =
        (length == 3 && codePoint < 0x800) || (length == 4 && codePoint < 0x10000);
    const bool surrogate = codePoint >= 0xD800 && codePoint <= 0xDFFF;
    if (overlong || surrogate || codePoint > 0x10FFFF) return false;
    i += length;
  }
  return true;
}

std::optional<std::string> shiftJisToUtf8(std::string_view bytes) {
  const Converter converter("UTF-8", "CP932");
  if (!converter.valid()) return std::nullopt;
  return converter.convert(bytes);
}

}  // namespace unyo::playbooks
