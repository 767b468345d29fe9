#include "agent/remote_write/segment_record.h"

#include <zlib.h>

#include <cstring>

namespace unyo::agent {
namespace {

constexpr char kMagic[4] = {'U', 'R', 'W', '1'};

template <class T>
void putLittle(std::string& out, T value) {
  auto bits = static_cast<std::uint64_t>(value);
  for (std::size_t i = 0; i < sizeof(T); ++i) {
    out.push_back(static_cast<char>(bits & 0xFFU));
    bits >>= 8;
  }
}

template <class T>
T getLittle(std::string_view data, std::size_t at) {
  std::uint64_t bits = 0;
  for (std::size_t i = sizeof(T); i-- > 0;) {
    bits = (bits << 8) | static_cast<unsigned char>(data[at + i]);
  }
  return static_cast<T>(bits);
}

std::uint32_t crcOf(std::string_view fields, std::string_view payload) {
  uLong crc =
      crc32(0L, reinterpret_cast<const Bytef*>(fields.data()), static_cast<uInt>(fields.size()));
  crc =
      crc32(crc, reinterpret_cast<const Bytef*>(payload.data()), static_cast<uInt>(payload.size()));
  return static_cast<std::uint32_t>(crc);
}

}  // namespace

std::string encodeRecord(const RecordHeader& header, std::string_view payload) {
  std::string out;
  out.reserve(kRecordHeaderSize + payload.size());
  out.append(kMagic, sizeof kMagic);
  putLittle(out, static_cast<std::uint32_t>(payload.size()));
  putLittle(out, header.samples);
  putLittle(out, header.timestampMs);
  putLittle(out, crcOf(std::string_view(out).substr(4, 16), payload));
  out.append(payload);
  return out;
}

RecordAt checkRecord(std::string_view data) {
  RecordAt at;
  const std::size_t magicBytes = std::min(data.size(), sizeof kMagic);
  if (std::memcmp(data.data(), kMagic, magicBytes) != 0) return at;
  if (data.size() < kRecordHeaderSize) {
    at.check = RecordCheck::truncated;
    return at;
  }
  at.header.payloadSize = getLittle<std::uint32_t>(data, 4);
  at.header.samples = getLittle<std::uint32_t>(data, 8);
  at.header.timestampMs = getLittle<std::int64_t>(data, 12);
  if (at.header.payloadSize > kMaxRecordPayload) return at;
  const std::size_t size = kRecordHeaderSize + at.header.payloadSize;
  if (data.size() < size) {
    at.check = RecordCheck::truncated;
    return at;
  }
  const auto stored = getLittle<std::uint32_t>(data, 20);
  if (crcOf(data.substr(4, 16), data.substr(kRecordHeaderSize, at.header.payloadSize)) != stored) {
    return at;
  }
  at.check = RecordCheck::whole;
  at.size = size;
  return at;
}

std::optional<std::size_t> findNextRecord(std::string_view data, std::size_t from) {
  while (from < data.size()) {
    const std::size_t found = data.find(std::string_view(kMagic, sizeof kMagic), from);
    if (found == std::string_view::npos) return std::nullopt;
    if (checkRecord(data.substr(found)).check == RecordCheck::whole) return found;
    from = found + 1;
  }
  return std::nullopt;
}

}  // namespace unyo::agent
