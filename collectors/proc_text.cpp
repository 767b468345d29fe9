#include "collectors/proc_text.h"

#include <charconv>

namespace unyo::collectors {
namespace {

bool isBlank(char c) { return c == ' ' || c == '\t'; }

}  // namespace

bool popLine(std::string_view& text, std::string_view& line) {
  if (text.empty()) return false;
  const std::size_t end = text.find('\n');
  if (end == std::string_view::npos) {
    line = text;
    text = {};
  } else {
    line = text.substr(0, end);
    text.remove_prefix(end + 1);
  }
  return true;
}

bool popField(std::string_view& line, std::string_view& field) {
  std::size_t begin = 0;
  while (begin < line.size() && isBlank(line[begin])) ++begin;
  if (begin == line.size()) {
    line = {};
    return false;
  }
  std::size_t end = begin;
  while (end < line.size() && !isBlank(line[end])) ++end;
  field = line.substr(begin, end - begin);
  line.remove_prefix(end);
  return true;
}

std::size_t splitFields(std::string_view line, std::span<std::string_view> out) {
  std::size_t count = 0;
  std::string_view field;
  while (popField(line, field)) {
    if (count < out.size()) out[count] = field;
    ++count;
  }
  return count;
}

std::optional<std::uint64_t> parseUnsigned(std::string_view text) {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return value;
}

std::optional<double> parseNumber(std::string_view text) {
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return value;
}

std::string_view trimSpace(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  const std::size_t begin = text.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  return text.substr(begin, text.find_last_not_of(kSpace) - begin + 1);
}

}  // namespace unyo::collectors
