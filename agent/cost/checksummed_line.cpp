#include "agent/cost/checksummed_line.h"

#include <zlib.h>

#include <charconv>
#include <cstdint>
#include <cstdio>

namespace unyo::agent {
namespace {

constexpr std::size_t kCrcDigits = 8;

std::uint32_t crcOf(std::string_view data) {
  return static_cast<std::uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
}

}  // namespace

std::string checksummedLine(std::string_view payload) {
  char crc[kCrcDigits + 1];
  std::snprintf(crc, sizeof crc, "%08x", crcOf(payload));
  std::string line;
  line.reserve(kCrcDigits + payload.size() + 2);
  line.append(crc, kCrcDigits).append(1, ' ').append(payload).append(1, '\n');
  return line;
}

std::optional<std::string_view> checkedPayload(std::string_view line) {
  if (line.size() < kCrcDigits + 1 || line[kCrcDigits] != ' ') return std::nullopt;
  std::uint32_t expected = 0;
  const auto* begin = line.data();
  const auto [end, ec] = std::from_chars(begin, begin + kCrcDigits, expected, 16);
  if (ec != std::errc() || end != begin + kCrcDigits) return std::nullopt;
  const auto payload = line.substr(kCrcDigits + 1);
  if (crcOf(payload) != expected) return std::nullopt;
  return payload;
}

}  // namespace unyo::agent
