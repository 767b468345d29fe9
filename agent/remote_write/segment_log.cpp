#include "agent/remote_write/segment_log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <vector>

#include "base/atomic_file.h"

namespace unyo::agent {
namespace {

constexpr std::string_view kSegmentSuffix = ".seg";
constexpr const char* kCursorFile = "cursor";
// A segment whose records are all acknowledged is replaced once this big.
constexpr std::uint64_t kRotateWhenSentBytes = 64 * 1024;

std::string errnoText(const std::string& what, const std::filesystem::path& path) {
  return what + " " + path.string() + ": " + std::strerror(errno);
}

// The id of a segment file name ("00000000000000000042.seg"), or nullopt.
std::optional<std::uint64_t> segmentId(const std::string& name) {
  if (name.size() <= kSegmentSuffix.size() || !name.ends_with(kSegmentSuffix)) return std::nullopt;
  std::uint64_t id = 0;
  const char* end = name.data() + name.size() - kSegmentSuffix.size();
  const auto [ptr, ec] = std::from_chars(name.data(), end, id);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return id;
}

struct Cursor {
  std::uint64_t segment = 0;
  std::uint64_t offset = 0;
};

Cursor parseCursor(std::string_view text) {
  Cursor cursor;
  const char* p = text.data();
  const char* end = text.data() + text.size();
  auto r = std::from_chars(p, end, cursor.segment);
  if (r.ec != std::errc() || r.ptr == end || *r.ptr != ' ') return {};
  r = std::from_chars(r.ptr + 1, end, cursor.offset);
  if (r.ec != std::errc()) return {};
  return cursor;
}

}  // namespace

std::uint64_t segmentBytesFor(std::uint64_t maxBytes) {
  return std::clamp<std::uint64_t>(maxBytes / 8, 16 * 1024, 16ULL * 1024 * 1024);
}

Expected<std::unique_ptr<SegmentLog>> SegmentLog::open(const std::filesystem::path& dir,
                                                       BufferLimits limits, OpenReport& report) {
  if (auto made = ensureDirectory(dir); !made) return std::unexpected(made.error());
  std::unique_ptr<SegmentLog> log(new SegmentLog(dir, limits));
  auto cursorText = readFileIfExists(dir / kCursorFile);
  if (!cursorText) return std::unexpected(cursorText.error());
  const Cursor cursor = *cursorText ? parseCursor(**cursorText) : Cursor{};
  if (auto scanned = log->scan(cursor.segment, cursor.offset, report); !scanned) {
    return std::unexpected(scanned.error());
  }
  return log;
}

Expected<void> SegmentLog::scan(std::uint64_t cursorSegment, std::uint64_t cursorOffset,
                                OpenReport& report) {
  std::vector<std::uint64_t> ids;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    if (auto id = segmentId(it->path().filename().string())) ids.push_back(*id);
  }
  if (ec) return fail("cannot list " + dir_.string() + ": " + ec.message());
  std::sort(ids.begin(), ids.end());

  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::uint64_t id = ids[i];
    auto contents = readFileIfExists(segmentPath(id));
    if (!contents) return std::unexpected(contents.error());
    if (!*contents) continue;
    const std::string_view data = **contents;
    std::size_t offset = 0;
    while (offset < data.size()) {
      const RecordAt at = checkRecord(data.substr(offset));
      if (at.check == RecordCheck::whole) {
        const bool acknowledged =
            id < cursorSegment || (id == cursorSegment && offset < cursorOffset);
        if (!acknowledged) {
          pending_.push_back(
              {nextSeq_++, id, offset, static_cast<std::uint32_t>(at.size), at.header});
          pendingSamples_ += at.header.samples;
        }
        offset += at.size;
        continue;
      }
      const auto next = findNextRecord(data, offset + 1);
      const std::size_t resume = next.value_or(data.size());
      if (at.check == RecordCheck::truncated && !next) {
        // An unfinished write at the end: what a crash or a power cut leaves.
        report.tornBytes += data.size() - offset;
        break;
      }
      ++report.damagedRecords;
      report.damagedBytes += resume - offset;
      // When only the payload is damaged, the header still says how many
      // samples were lost: it spans exactly to the next good record.
      if (data.size() - offset >= kRecordHeaderSize &&
          offset + kRecordHeaderSize + at.header.payloadSize == resume) {
        report.damagedSamples += at.header.samples;
      }
      offset = resume;
    }
    segmentSizes_[id] = data.size();
    if (offset < data.size() && i + 1 == ids.size()) {
      // Cut the torn tail so the segment ends on a whole record.
      if (::truncate(segmentPath(id).c_str(), static_cast<off_t>(offset)) == 0) {
        segmentSizes_[id] = offset;
      }
    }
  }
  if (auto started = startSegment(ids.empty() ? 1 : ids.back() + 1); !started) return started;
  deleteUnneededSegments();
  return saveCursor();
}

Expected<void> SegmentLog::startSegment(std::uint64_t id) {
  const auto path = segmentPath(id);
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd.valid()) return fail(errnoText("cannot create", path));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return fail(errnoText("cannot stat", path));
  currentFd_ = std::move(fd);
  current_ = id;
  segmentSizes_[id] = static_cast<std::uint64_t>(st.st_size);
  return syncDirectory(dir_);
}

Expected<void> SegmentLog::append(const RecordHeader& header, std::string_view payload) {
  if (segmentSizes_[current_] >= limits_.segmentBytes) {
    if (auto started = startSegment(current_ + 1); !started) return started;
  }
  const std::string record = encodeRecord(header, payload);
  const std::uint64_t offset = segmentSizes_[current_];
  auto written = writeAll(currentFd_.get(), record, segmentPath(current_));
  if (written && ::fdatasync(currentFd_.get()) != 0) {
    written = fail(errnoText("cannot flush", segmentPath(current_)));
  }
  if (!written) {
    // Leave no half record behind for the next append to follow.
    if (::ftruncate(currentFd_.get(), static_cast<off_t>(offset)) != 0) {
      // The scan at the next open finds the damage and skips it.
    }
    return written;
  }
  segmentSizes_[current_] = offset + record.size();
  pending_.push_back({nextSeq_++, current_, offset, static_cast<std::uint32_t>(record.size()),
                      RecordHeader{static_cast<std::uint32_t>(payload.size()), header.samples,
                                   header.timestampMs}});
  pendingSamples_ += header.samples;
  return {};
}

Expected<std::string> SegmentLog::readPayload(const BufferedRecord& record) const {
  const auto path = segmentPath(record.segment);
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd.valid()) return fail(errnoText("cannot open", path));
  std::string data(record.size, '\0');
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::pread(fd.get(), data.data() + done, data.size() - done,
                              static_cast<off_t>(record.offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(errnoText("cannot read", path));
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  const RecordAt at = checkRecord(std::string_view(data).substr(0, done));
  if (at.check != RecordCheck::whole || at.size != record.size) {
    return fail("record at " + path.string() + ":" + std::to_string(record.offset) +
                " changed on disk since it was written");
  }
  return data.substr(kRecordHeaderSize);
}

void SegmentLog::popFront() {
  pendingSamples_ -= pending_.front().header.samples;
  pending_.pop_front();
}

Expected<void> SegmentLog::acknowledgeThrough(std::uint64_t seq) {
  bool changed = false;
  while (!pending_.empty() && pending_.front().seq <= seq) {
    popFront();
    changed = true;
  }
  if (!changed) return {};
  // Everything sent: start afresh rather than keep acknowledged data on
  // disk until the segment fills.
  if (pending_.empty() && segmentSizes_[current_] >= kRotateWhenSentBytes) {
    if (auto started = startSegment(current_ + 1); !started) return started;
  }
  deleteUnneededSegments();
  return saveCursor();
}

DroppedSamples SegmentLog::enforceLimits(std::int64_t nowMs) {
  DroppedSamples dropped;
  const std::int64_t oldestKept = nowMs - limits_.maxAge.count();
  while (!pending_.empty() && pending_.front().header.timestampMs < oldestKept) {
    dropped.tooOld += pending_.front().header.samples;
    popFront();
  }
  while (bytes() > limits_.maxBytes && !segmentSizes_.empty()) {
    const std::uint64_t oldest = segmentSizes_.begin()->first;
    if (oldest == current_) {
      if (segmentSizes_[current_] == 0 || !startSegment(current_ + 1)) break;
    }
    while (!pending_.empty() && pending_.front().segment == oldest) {
      dropped.bufferFull += pending_.front().header.samples;
      popFront();
    }
    deleteSegment(oldest);
  }
  if (dropped.tooOld + dropped.bufferFull > 0) {
    deleteUnneededSegments();
    (void)saveCursor();  // a stale cursor only means sending a dropped record's successor again
  }
  return dropped;
}

std::uint64_t SegmentLog::bytes() const {
  std::uint64_t total = 0;
  for (const auto& [id, size] : segmentSizes_) total += size;
  return total;
}

void SegmentLog::deleteSegment(std::uint64_t id) {
  ::unlink(segmentPath(id).c_str());
  segmentSizes_.erase(id);
}

void SegmentLog::deleteUnneededSegments() {
  const std::uint64_t firstNeeded = pending_.empty() ? current_ : pending_.front().segment;
  while (!segmentSizes_.empty() && segmentSizes_.begin()->first < firstNeeded &&
         segmentSizes_.begin()->first != current_) {
    deleteSegment(segmentSizes_.begin()->first);
  }
}

Expected<void> SegmentLog::saveCursor() const {
  const std::uint64_t segment = pending_.empty() ? current_ : pending_.front().segment;
  const std::uint64_t offset =
      pending_.empty() ? segmentSizes_.at(current_) : pending_.front().offset;
  return replaceFileAtomically(dir_ / kCursorFile,
                               std::to_string(segment) + " " + std::to_string(offset) + "\n",
                               Durability::pageCache);
}

std::filesystem::path SegmentLog::segmentPath(std::uint64_t id) const {
  char name[32];
  std::snprintf(name, sizeof name, "%020llu.seg", static_cast<unsigned long long>(id));
  return dir_ / name;
}

}  // namespace unyo::agent
