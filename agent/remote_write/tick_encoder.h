#pragma once

// Turns one sampling tick (every family the agent exports) into remote
// write records for one endpoint: each series with its labels sorted
// (__name__ first, as it sorts first), the identity labels added, the
// endpoint's `match` applied, histograms and summaries spelled out as
// Prometheus scrapes them (_bucket{le}, quantile, _sum, _count), at most
// `maxSamples` samples per record. A series that was in the previous tick
// and is gone gets a stale marker, as Prometheus writes one when a series
// disappears from a scrape.

#include <cstdint>
#include <regex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "agent/remote_write/segment_record.h"
#include "base/metric_family.h"

namespace unyo::agent {

// The value Prometheus uses to mark a series stale (a NaN with this payload).
inline constexpr std::uint64_t kStaleNaNBits = 0x7ff0000000000002ULL;

struct EncodedRecord {
  RecordHeader header;
  std::string payload;  // a snappy-compressed WriteRequest
};

class TickEncoder {
 public:
  // `match`: metric-name regexes already checked to compile; empty: all.
  TickEncoder(Labels identity, const std::vector<std::string>& match, std::size_t maxSamples);

  std::vector<EncodedRecord> encode(const std::vector<const prometheus::MetricFamily*>& families,
                                    std::int64_t timestampMs);

 private:
  bool selected(const std::string& familyName);

  Labels identity_;  // sorted, no empty values
  std::vector<std::regex> match_;
  std::size_t maxSamples_;
  std::unordered_map<std::string, bool> selectedCache_;
  std::unordered_set<std::string> previous_;  // series keys of the last tick
};

}  // namespace unyo::agent
