#include "agent/remote_write/segment_record.h"

#include <gtest/gtest.h>

namespace unyo::agent {
namespace {

std::string record(std::string_view payload, std::uint32_t samples = 3, std::int64_t ts = 1000) {
  return encodeRecord({static_cast<std::uint32_t>(payload.size()), samples, ts}, payload);
}

TEST(SegmentRecordTest, AWholeRecordChecksOutWithItsHeader) {
  const std::string data = record("payload", 7, 1'700'000'000'123);
  const RecordAt at = checkRecord(data);
  ASSERT_EQ(at.check, RecordCheck::whole);
  EXPECT_EQ(at.size, kRecordHeaderSize + 7);
  EXPECT_EQ(at.header.samples, 7U);
  EXPECT_EQ(at.header.timestampMs, 1'700'000'000'123);
  EXPECT_EQ(at.header.payloadSize, 7U);
}

TEST(SegmentRecordTest, EveryCutShortOfTheEndIsTruncated) {
  const std::string data = record("some payload bytes");
  for (std::size_t cut = 1; cut < data.size(); ++cut) {
    EXPECT_EQ(checkRecord(std::string_view(data).substr(0, cut)).check, RecordCheck::truncated)
        << "cut at " << cut;
  }
}

TEST(SegmentRecordTest, AnyFlippedByteIsDamage) {
  const std::string data = record("some payload bytes");
  for (std::size_t at = 0; at < data.size(); ++at) {
    std::string bad = data;
    bad[at] = static_cast<char>(bad[at] ^ 0x40);
    // A flipped size byte may also make the record look longer than the data.
    EXPECT_NE(checkRecord(bad).check, RecordCheck::whole) << "byte " << at;
  }
}

TEST(SegmentRecordTest, AnImpossibleSizeIsDamageNotAWaitForMoreData) {
  std::string data = record("x");
  data[7] = static_cast<char>(0x7F);  // payload size's high byte: > 64 MiB
  EXPECT_EQ(checkRecord(data).check, RecordCheck::damaged);
}

TEST(SegmentRecordTest, TheNextRecordIsFoundPastDamage) {
  const std::string first = record("first");
  std::string damaged = record("second");
  damaged[kRecordHeaderSize + 1] = '!';
  const std::string third = record("third");
  const std::string data = first + damaged + "garbage URW1 noise" + third;
  const auto next = findNextRecord(data, first.size() + 1);
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(*next, data.size() - third.size());
  EXPECT_FALSE(findNextRecord(data, *next + 1).has_value());
}

}  // namespace
}  // namespace unyo::agent
