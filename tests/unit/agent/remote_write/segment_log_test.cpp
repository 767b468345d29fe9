#include "agent/remote_write/segment_log.h"

#include <gtest/gtest.h>

#include <fstream>

#include "support/child_process.h"
#include "support/file_size_limit.h"

namespace unyo::agent {
namespace {

namespace fs = std::filesystem;
using unyo::testing::TempDir;

constexpr std::int64_t kNow = 1'800'000'000'000;

BufferLimits roomy() { return {1ULL << 30, std::chrono::hours(24), 1ULL << 20}; }

std::unique_ptr<SegmentLog> openLog(const fs::path& dir, BufferLimits limits = roomy(),
                                    OpenReport* report = nullptr) {
  OpenReport ignored;
  auto log = SegmentLog::open(dir, limits, report ? *report : ignored);
  EXPECT_TRUE(log.has_value()) << (log ? "" : log.error().message);
  return log ? std::move(*log) : nullptr;
}

void appendTick(SegmentLog& log, std::int64_t ts, std::uint32_t samples = 10,
                std::string payload = "payload") {
  ASSERT_TRUE(log.append({0, samples, ts}, payload).has_value());
}

std::vector<fs::path> segments(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".seg") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::int64_t> pendingTimes(const SegmentLog& log) {
  std::vector<std::int64_t> out;
  for (const auto& record : log.pending()) out.push_back(record.header.timestampMs);
  return out;
}

TEST(SegmentLogTest, WhatWasNotAcknowledgedIsPendingAgainAfterAReopen) {
  TempDir dir;
  {
    auto log = openLog(dir.path());
    for (int i = 0; i < 5; ++i) appendTick(*log, kNow + i * 1000);
    ASSERT_TRUE(log->acknowledgeThrough(log->pending()[1].seq).has_value());
    EXPECT_EQ(log->pendingSamples(), 30U);
  }  // no clean shutdown step exists: this is what kill -9 leaves
  auto log = openLog(dir.path());
  EXPECT_EQ(pendingTimes(*log), (std::vector<std::int64_t>{kNow + 2000, kNow + 3000, kNow + 4000}));
  auto payload = log->readPayload(log->pending().front());
  ASSERT_TRUE(payload.has_value());
  EXPECT_EQ(*payload, "payload");
}

TEST(SegmentLogTest, ABacklogSurvivesSeveralRestartsInOrder) {
  TempDir dir;
  for (int restart = 0; restart < 3; ++restart) {
    auto log = openLog(dir.path());
    appendTick(*log, kNow + restart * 1000);
  }
  auto log = openLog(dir.path());
  EXPECT_EQ(pendingTimes(*log), (std::vector<std::int64_t>{kNow, kNow + 1000, kNow + 2000}));
}

TEST(SegmentLogTest, ATornTailIsCutOffAndTheRestKept) {
  TempDir dir;
  {
    auto log = openLog(dir.path());
    appendTick(*log, kNow);
    appendTick(*log, kNow + 1000);
  }
  const fs::path last = segments(dir.path()).back();
  const std::string torn = encodeRecord({7, 10, kNow + 2000}, "payload").substr(0, 15);
  std::ofstream(last, std::ios::app | std::ios::binary) << torn;
  OpenReport report;
  auto log = openLog(dir.path(), roomy(), &report);
  EXPECT_EQ(report.tornBytes, 15U);
  EXPECT_EQ(report.damagedRecords, 0U);
  EXPECT_EQ(pendingTimes(*log), (std::vector<std::int64_t>{kNow, kNow + 1000}));
  EXPECT_EQ(fs::file_size(last), 2 * (kRecordHeaderSize + 7));
}

TEST(SegmentLogTest, ADamagedRecordInTheMiddleIsSkippedAndCounted) {
  TempDir dir;
  {
    auto log = openLog(dir.path());
    for (int i = 0; i < 3; ++i)
      appendTick(*log, kNow + i * 1000, 10 + static_cast<std::uint32_t>(i));
  }
  const fs::path file = segments(dir.path()).front();
  std::fstream stream(file, std::ios::in | std::ios::out | std::ios::binary);
  stream.seekp(static_cast<std::streamoff>(kRecordHeaderSize + 7 + kRecordHeaderSize + 2));
  stream.put('X');  // in the second record's payload
  stream.close();
  OpenReport report;
  auto log = openLog(dir.path(), roomy(), &report);
  EXPECT_EQ(report.damagedRecords, 1U);
  EXPECT_EQ(report.damagedSamples, 11U);
  EXPECT_EQ(pendingTimes(*log), (std::vector<std::int64_t>{kNow, kNow + 2000}));
}

TEST(SegmentLogTest, AWhollyCorruptSegmentInTheMiddleIsSkippedTheOthersSent) {
  TempDir dir;
  {
    BufferLimits small = roomy();
    small.segmentBytes = 1;  // one record per segment
    auto log = openLog(dir.path(), small);
    for (int i = 0; i < 3; ++i) appendTick(*log, kNow + i * 1000);
  }
  const auto files = segments(dir.path());
  ASSERT_GE(files.size(), 3U);
  std::ofstream(files[1], std::ios::trunc | std::ios::binary) << std::string(200, '\xAB');
  OpenReport report;
  auto log = openLog(dir.path(), roomy(), &report);
  EXPECT_EQ(report.damagedRecords, 1U);
  EXPECT_EQ(report.damagedBytes, 200U);
  EXPECT_EQ(pendingTimes(*log), (std::vector<std::int64_t>{kNow, kNow + 2000}));
}

TEST(SegmentLogTest, ARecordChangedAfterItWasWrittenIsNotSent) {
  TempDir dir;
  auto log = openLog(dir.path());
  appendTick(*log, kNow);
  std::fstream stream(segments(dir.path()).back(), std::ios::in | std::ios::out | std::ios::binary);
  stream.seekp(static_cast<std::streamoff>(kRecordHeaderSize));
  stream.put('Q');
  stream.close();
  EXPECT_FALSE(log->readPayload(log->pending().front()).has_value());
}

TEST(SegmentLogTest, TheByteCapDropsTheOldestSegmentsAndCountsTheirSamples) {
  TempDir dir;
  const std::string payload(1000, 'p');
  BufferLimits limits{5000, std::chrono::hours(24), 2000};
  auto log = openLog(dir.path(), limits);
  for (int i = 0; i < 10; ++i) appendTick(*log, kNow + i * 1000, 10, payload);
  const DroppedSamples dropped = log->enforceLimits(kNow + 10'000);
  EXPECT_LE(log->bytes(), 5000U);
  EXPECT_GT(dropped.bufferFull, 0U);
  EXPECT_EQ(dropped.tooOld, 0U);
  EXPECT_EQ(dropped.bufferFull + log->pendingSamples(), 100U);
  // The newest survive.
  EXPECT_EQ(log->pending().back().header.timestampMs, kNow + 9000);
  std::uint64_t onDisk = 0;
  for (const auto& file : segments(dir.path())) onDisk += fs::file_size(file);
  EXPECT_EQ(onDisk, log->bytes());
}

TEST(SegmentLogTest, TheAgeCapDropsWhatIsTooOldAndCountsIt) {
  TempDir dir;
  BufferLimits limits = roomy();
  limits.maxAge = std::chrono::minutes(10);
  auto log = openLog(dir.path(), limits);
  appendTick(*log, kNow - 11 * 60'000, 4);
  appendTick(*log, kNow - 10 * 60'000 - 1, 5);
  appendTick(*log, kNow - 9 * 60'000, 6);
  const DroppedSamples dropped = log->enforceLimits(kNow);
  EXPECT_EQ(dropped.tooOld, 9U);
  EXPECT_EQ(dropped.bufferFull, 0U);
  EXPECT_EQ(pendingTimes(*log), (std::vector<std::int64_t>{kNow - 9 * 60'000}));
}

TEST(SegmentLogTest, AcknowledgedSegmentsAreDeleted) {
  TempDir dir;
  BufferLimits limits = roomy();
  limits.segmentBytes = 40;  // two records a segment
  auto log = openLog(dir.path(), limits);
  for (int i = 0; i < 6; ++i) appendTick(*log, kNow + i);
  EXPECT_GE(segments(dir.path()).size(), 3U);
  ASSERT_TRUE(log->acknowledgeThrough(log->pending().back().seq).has_value());
  EXPECT_EQ(log->pendingSamples(), 0U);
  EXPECT_EQ(segments(dir.path()).size(), 1U);
  auto reopened = openLog(dir.path(), limits);
  EXPECT_TRUE(reopened->pending().empty());
}

// A full disk, made with RLIMIT_FSIZE: writes past the limit fail with EFBIG.
TEST(SegmentLogTest, AFailedWriteLeavesNoHalfRecordAndTheLogCarriesOn) {
  TempDir dir;
  auto log = openLog(dir.path());
  appendTick(*log, kNow);
  const auto before = fs::file_size(segments(dir.path()).back());

  Expected<void> failed;
  {
    unyo::testing::FileSizeLimit full(before + 10);
    ASSERT_TRUE(full.ok());
    failed = log->append({0, 10, kNow + 1000}, std::string(100, 'x'));
  }

  EXPECT_FALSE(failed.has_value());
  EXPECT_EQ(fs::file_size(segments(dir.path()).back()), before);
  appendTick(*log, kNow + 2000);
  EXPECT_EQ(pendingTimes(*log), (std::vector<std::int64_t>{kNow, kNow + 2000}));
  auto reopened = openLog(dir.path());
  EXPECT_EQ(pendingTimes(*reopened), (std::vector<std::int64_t>{kNow, kNow + 2000}));
}

TEST(SegmentLogTest, AGarbledCursorMeansSendingEverythingAgainNotLosingIt) {
  TempDir dir;
  {
    auto log = openLog(dir.path());
    appendTick(*log, kNow);
    ASSERT_TRUE(log->acknowledgeThrough(log->pending().back().seq).has_value());
    appendTick(*log, kNow + 1000);
  }
  unyo::testing::writeFile(dir.path() / "cursor", "nonsense");
  auto log = openLog(dir.path());
  EXPECT_EQ(pendingTimes(*log), (std::vector<std::int64_t>{kNow, kNow + 1000}));
}

}  // namespace
}  // namespace unyo::agent
