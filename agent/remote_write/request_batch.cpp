#include "agent/remote_write/request_batch.h"

#include <snappy.h>

namespace unyo::agent {

std::optional<RequestBatch> nextRequestBatch(const SegmentLog& log, std::size_t maxSamples) {
  const auto& pending = log.pending();
  if (pending.empty()) return std::nullopt;
  RequestBatch batch;
  batch.oldestMs = pending.front().header.timestampMs;
  std::string plain;
  std::uint64_t taken = 0;
  for (const BufferedRecord& record : pending) {
    if (taken > 0 && taken + record.header.samples > maxSamples) break;
    taken += record.header.samples;
    batch.lastSeq = record.seq;
    auto payload = log.readPayload(record);
    std::string request;
    if (payload && snappy::Uncompress(payload->data(), payload->size(), &request)) {
      plain += request;
      batch.samples += record.header.samples;
      continue;
    }
    batch.damagedSamples += record.header.samples;
    batch.damage = payload ? "a record does not decompress" : payload.error().message;
  }
  if (!plain.empty()) snappy::Compress(plain.data(), plain.size(), &batch.body);
  return batch;
}

}  // namespace unyo::agent
