#include "base/iso_time.h"

#include <gtest/gtest.h>

namespace unyo {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// 2026-11-28T09:15:00Z
constexpr seconds kSample{1795857300};

TEST(IsoTimeTest, FormatsMillisecondsAndWholeSeconds) {
  const Clock::WallTime t = Clock::WallTime(kSample) + milliseconds(123);
  EXPECT_EQ(formatIsoTime(t), "2026-11-28T09:15:00.123Z");
  EXPECT_EQ(formatIsoSeconds(t), "2026-11-28T09:15:00Z");
  EXPECT_EQ(formatIsoTime(Clock::WallTime(seconds(0))), "1970-01-01T00:00:00.000Z");
}

TEST(IsoTimeTest, BeforeTheEpochRoundsDown) {
  const Clock::WallTime t = Clock::WallTime(milliseconds(-1));
  EXPECT_EQ(formatIsoTime(t), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(formatIsoSeconds(t), "1969-12-31T23:59:59Z");
}

TEST(IsoTimeTest, ParsesWhatItFormats) {
  for (auto t : {Clock::WallTime(kSample) + milliseconds(7), Clock::WallTime(kSample),
                 Clock::WallTime(seconds(951782400))}) {  // 2000-02-29
    const auto ms = std::chrono::floor<milliseconds>(t);
    EXPECT_EQ(parseIsoTime(formatIsoTime(t)), ms) << formatIsoTime(t);
    EXPECT_EQ(parseIsoTime(formatIsoSeconds(t)), std::chrono::floor<seconds>(t));
  }
}

TEST(IsoTimeTest, ReadsAnyFractionLength) {
  EXPECT_EQ(parseIsoTime("2026-11-28T09:15:00.5Z"), Clock::WallTime(kSample) + milliseconds(500));
  EXPECT_EQ(parseIsoTime("2026-11-28T09:15:00.000000001Z"),
            Clock::WallTime(kSample) + std::chrono::nanoseconds(1));
}

TEST(IsoTimeTest, RefusesWhatIsNotAnIsoUtcTime) {
  for (const char* bad :
       {"", "2026-11-28", "2026-11-28T09:15:00", "2026-11-28T09:15:00+09:00",
        "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-28T24:00:00Z",
        "2026-11-28T09:60:00Z", "2026-11-28T09:15:00.Z", "2026-11-28T09:15:00.1234567890Z",
        "2026-11-28T09:15:00Zjunk", "２０２６-11-28T09:15:00Z", "2026-1-28T09:15:00Z"}) {
    EXPECT_FALSE(parseIsoTime(bad)) << bad;
  }
}

}  // namespace
}  // namespace unyo
