#include "base/duration.h"

#include <gtest/gtest.h>

namespace unyo {
namespace {

using std::chrono::milliseconds;

TEST(DurationTest, ParsesEveryUnitAndCombinations) {
  EXPECT_EQ(parseDuration("500ms").value(), milliseconds(500));
  EXPECT_EQ(parseDuration("15s").value(), milliseconds(15'000));
  EXPECT_EQ(parseDuration("5m").value(), milliseconds(300'000));
  EXPECT_EQ(parseDuration("2h").value(), milliseconds(7'200'000));
  EXPECT_EQ(parseDuration("7d").value(), milliseconds(604'800'000));
  EXPECT_EQ(parseDuration("1w").value(), milliseconds(604'800'000));
  EXPECT_EQ(parseDuration("1h30m").value(), milliseconds(5'400'000));
  EXPECT_EQ(parseDuration("1.5s").value(), milliseconds(1500));
  EXPECT_EQ(parseDuration("0s").value(), milliseconds(0));
}

TEST(DurationTest, RejectsWhatIsNotADuration) {
  for (const char* bad : {"", "15", "s", "15x", "15 s", "-5s", "1h-", "abc", "1..5s"}) {
    auto r = parseDuration(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_NE(r.error().message.find("invalid duration"), std::string::npos) << bad;
  }
  EXPECT_FALSE(parseDuration("999999999999999d"));
}

TEST(DurationTest, FormatsTheShortestExactSpelling) {
  EXPECT_EQ(formatDuration(milliseconds(0)), "0s");
  EXPECT_EQ(formatDuration(milliseconds(90'000)), "1m30s");
  EXPECT_EQ(formatDuration(milliseconds(86'400'000 + 1)), "1d1ms");
  EXPECT_EQ(formatDuration(milliseconds(250)), "250ms");
}

TEST(ByteSizeTest, ParsesBinaryAndDecimalUnits) {
  EXPECT_EQ(parseByteSize("4096").value(), 4096u);
  EXPECT_EQ(parseByteSize("512KiB").value(), 512u * 1024);
  EXPECT_EQ(parseByteSize("10GiB").value(), 10ull << 30);
  EXPECT_EQ(parseByteSize("100MB").value(), 100'000'000u);
  EXPECT_EQ(parseByteSize("1.5KiB").value(), 1536u);
  EXPECT_EQ(parseByteSize("2 TiB").value(), 2ull << 40);
}

TEST(ByteSizeTest, RejectsUnknownUnits) {
  for (const char* bad : {"", "GiB", "10gib", "10XB", "-1"}) {
    EXPECT_FALSE(parseByteSize(bad)) << bad;
  }
}

}  // namespace
}  // namespace unyo
