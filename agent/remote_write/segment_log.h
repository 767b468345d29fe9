#pragma once

// The remote write buffer of one endpoint: an append-only log of records
// (segment_record.h) in numbered segment files, plus a cursor file saying
// how far the receiver has acknowledged. Samples are on disk (fdatasync)
// before they are sent, so a kill -9 or a power cut loses nothing that was
// written whole; a torn tail is cut off at the next open; a damaged record
// in the middle is skipped and counted, the rest is kept.
//
// Caps: beyond `maxBytes` the oldest segment goes, beyond `maxAge` the
// oldest records go; never the newest. The cursor file is replaced
// atomically but not flushed: after a power cut it may point a little back,
// and records the receiver already has are sent again (receivers accept a
// repeated sample with the same value and timestamp).
//
// Not thread-safe: one RemoteWriter thread owns it.

#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "agent/remote_write/segment_record.h"
#include "base/error.h"
#include "base/unique_fd.h"

namespace unyo::agent {

struct BufferedRecord {
  std::uint64_t seq = 0;  // increases with every record, in order; for acknowledging
  std::uint64_t segment = 0;
  std::uint64_t offset = 0;
  std::uint32_t size = 0;  // header + payload
  RecordHeader header;
};

struct BufferLimits {
  std::uint64_t maxBytes = 256ULL * 1024 * 1024;
  std::chrono::milliseconds maxAge{std::chrono::hours(24 * 7)};
  std::uint64_t segmentBytes = 16ULL * 1024 * 1024;  // start a new segment beyond this
};

// The segment size for a byte cap: small enough that dropping one segment
// drops little, large enough that files stay few.
std::uint64_t segmentBytesFor(std::uint64_t maxBytes);

// What opening found that could not be kept.
struct OpenReport {
  std::uint64_t damagedRecords = 0;
  std::uint64_t damagedSamples = 0;  // where the damaged header could still be trusted
  std::uint64_t damagedBytes = 0;
  std::uint64_t tornBytes = 0;  // an unfinished last record, cut off
};

struct DroppedSamples {
  std::uint64_t bufferFull = 0;
  std::uint64_t tooOld = 0;
};

class SegmentLog {
 public:
  // Opens (creating) the buffer in `dir` and scans every segment.
  static Expected<std::unique_ptr<SegmentLog>> open(const std::filesystem::path& dir,
                                                    BufferLimits limits, OpenReport& report);

  // Writes the record and flushes it to disk. On failure (a full disk) the
  // segment is cut back to where it was and the log stays usable.
  Expected<void> append(const RecordHeader& header, std::string_view payload);

  // The records not yet acknowledged, oldest first.
  const std::deque<BufferedRecord>& pending() const { return pending_; }
  std::uint64_t pendingSamples() const { return pendingSamples_; }

  // The record's payload, checked again against its CRC.
  Expected<std::string> readPayload(const BufferedRecord& record) const;

  // The receiver has every record up to and including `seq`: forgets them,
  // saves the cursor, deletes segments nothing pending lives in.
  Expected<void> acknowledgeThrough(std::uint64_t seq);

  // Drops the oldest records beyond the caps and says how many samples went.
  DroppedSamples enforceLimits(std::int64_t nowMs);

  // Drops pending records up to and including `seq` that the receiver
  // refused (counted by the caller), like an acknowledgement.
  Expected<void> discardThrough(std::uint64_t seq) { return acknowledgeThrough(seq); }

  std::uint64_t bytes() const;

 private:
  SegmentLog(std::filesystem::path dir, BufferLimits limits)
      : dir_(std::move(dir)), limits_(limits) {}
  Expected<void> scan(std::uint64_t cursorSegment, std::uint64_t cursorOffset, OpenReport& report);
  Expected<void> startSegment(std::uint64_t id);
  Expected<void> saveCursor() const;
  void deleteSegment(std::uint64_t id);
  void deleteUnneededSegments();
  void popFront();
  std::filesystem::path segmentPath(std::uint64_t id) const;

  std::filesystem::path dir_;
  BufferLimits limits_;
  std::deque<BufferedRecord> pending_;
  std::uint64_t pendingSamples_ = 0;
  std::map<std::uint64_t, std::uint64_t> segmentSizes_;  // every segment file, by id
  std::uint64_t current_ = 0;                            // the segment appended to
  UniqueFd currentFd_;
  std::uint64_t nextSeq_ = 1;
};

}  // namespace unyo::agent
