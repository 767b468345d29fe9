#pragma once

// The next request body for an endpoint: the oldest pending records, whole,
// up to `maxSamples` samples (at least one record), joined into one
// WriteRequest. Serialized protobuf messages concatenate into their merge,
// so the stored requests are decompressed, appended and compressed once
// more, never decoded.

#include <cstdint>
#include <string>

#include "agent/remote_write/segment_log.h"

namespace unyo::agent {

struct RequestBatch {
  std::uint64_t lastSeq = 0;  // acknowledge (or discard) through this record
  std::uint64_t samples = 0;  // in the body
  std::int64_t oldestMs = 0;
  std::string body;  // snappy-compressed WriteRequest; empty when every record was damaged
  std::uint64_t damagedSamples = 0;  // records changed on disk since written: not in the body
  std::string damage;                // why, for the log
};

// Nothing when nothing is pending.
std::optional<RequestBatch> nextRequestBatch(const SegmentLog& log, std::size_t maxSamples);

}  // namespace unyo::agent
