#pragma once

// One record of the remote write buffer on disk: a sampling tick's samples
// for one endpoint, as a snappy-compressed WriteRequest, behind a header
// that says whether it arrived whole:
//
//   magic "URW1" | payload length u32 | samples u32 | timestamp ms i64 | crc32 u32 | payload
//
// (little endian). The CRC covers the header fields after the magic and the
// payload, so a torn write, a flipped bit or a record spliced from two
// writes fails it. The magic lets a reader find the next record after a
// damaged one.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace unyo::agent {

inline constexpr std::size_t kRecordHeaderSize = 24;
// A record larger than this is damage, not data (a tick is a few kB).
inline constexpr std::uint32_t kMaxRecordPayload = 64U * 1024 * 1024;

struct RecordHeader {
  std::uint32_t payloadSize = 0;
  std::uint32_t samples = 0;
  std::int64_t timestampMs = 0;  // the tick's; every sample in it has it
};

// Header and payload, ready to append.
std::string encodeRecord(const RecordHeader& header, std::string_view payload);

enum class RecordCheck {
  whole,      // header and payload check out
  truncated,  // the data ends inside the record: a torn tail
  damaged,    // wrong magic, impossible size or CRC mismatch
};

struct RecordAt {
  RecordCheck check = RecordCheck::damaged;
  RecordHeader header;   // meaningful when whole (and sizes when truncated)
  std::size_t size = 0;  // header + payload, when whole
};

// Checks the record starting at `data[0]`.
RecordAt checkRecord(std::string_view data);

// Where the next whole record starts at or after `from`, or nullopt.
std::optional<std::size_t> findNextRecord(std::string_view data, std::size_t from);

}  // namespace unyo::agent
