#include "base/time_zone.h"

#include <gtest/gtest.h>

#include "unit/playbooks/schedule/schedule_test_support.h"

namespace unyo::playbooks {
namespace {

using testing::utcTime;
using testing::zoneNamed;

TEST(TimeZone, LoadsIanaNamesAndKeepsTheName) {
  for (const char* name : {"Asia/Tokyo", "UTC", "America/New_York", "Europe/London"}) {
    auto zone = TimeZone::load(name);
    ASSERT_TRUE(zone) << name << ": " << zone.error().message;
    EXPECT_EQ(zone->name(), name);
  }
  EXPECT_EQ(TimeZone::utc().name(), "UTC");
}

TEST(TimeZone, RejectsUnknownNamesAndPaths) {
  auto unknown = TimeZone::load("Mars/Olympus_Mons");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, "unknown time zone \"Mars/Olympus_Mons\"");
  for (const char* bad : {"", "/etc/passwd", "../../../etc/passwd", "localtime", "Asia/"}) {
    auto zone = TimeZone::load(bad);
    ASSERT_FALSE(zone) << bad;
    EXPECT_EQ(zone.error().message, "unknown time zone \"" + std::string(bad) + "\"");
  }
}

TEST(TimeZone, TokyoIsNineHoursAheadOfUtc) {
  const TimeZone tokyo = zoneNamed("Asia/Tokyo");
  // 2026-04-01T18:00:00Z is Thursday 2026-04-02 03:00 JST.
  const CivilTime civil = tokyo.toCivil(utcTime(2026, 4, 1, 18, 0, 0));
  EXPECT_EQ(civil.year, 2026);
  EXPECT_EQ(civil.month, 4);
  EXPECT_EQ(civil.day, 2);
  EXPECT_EQ(civil.hour, 3);
  EXPECT_EQ(civil.minute, 0);
  EXPECT_EQ(civil.second, 0);
  EXPECT_EQ(civil.weekday, 4);
  EXPECT_EQ(tokyo.fromCivil({2026, 4, 2, 3, 0, 0}), utcTime(2026, 4, 1, 18));

  const CivilTime inUtc = TimeZone::utc().toCivil(utcTime(2026, 4, 1, 18, 0, 0));
  EXPECT_EQ(inUtc.day, 1);
  EXPECT_EQ(inUtc.hour, 18);
  EXPECT_EQ(inUtc.weekday, 3);
}

TEST(TimeZone, WeekdaysCountFromSunday) {
  const TimeZone utc = TimeZone::utc();
  EXPECT_EQ(utc.toCivil(utcTime(2026, 4, 5)).weekday, 0);  // Sunday
  EXPECT_EQ(utc.toCivil(utcTime(2026, 4, 6)).weekday, 1);  // Monday
  EXPECT_EQ(utc.toCivil(utcTime(2026, 4, 4)).weekday, 6);  // Saturday
}

TEST(TimeZone, TruncatesToTheSecondTowardThePast) {
  const TimeZone utc = TimeZone::utc();
  const CivilTime beforeEpoch = utc.toCivil(Clock::WallTime(std::chrono::milliseconds(-500)));
  EXPECT_EQ(beforeEpoch.year, 1969);
  EXPECT_EQ(beforeEpoch.hour, 23);
  EXPECT_EQ(beforeEpoch.second, 59);
  EXPECT_EQ(utc.toCivil(utcTime(2026, 1, 1) + std::chrono::milliseconds(999)).second, 0);
}

TEST(TimeZone, ACivilTimeInTheSpringGapIsTheEndOfTheGap) {
  // 2026-03-08 in New York: 02:00 EST jumps to 03:00 EDT (07:00Z).
  const TimeZone newYork = zoneNamed("America/New_York");
  const CivilLookup found = newYork.lookup({2026, 3, 8, 2, 30, 0});
  EXPECT_EQ(found.kind, CivilLookup::Kind::skipped);
  EXPECT_EQ(found.first, utcTime(2026, 3, 8, 7, 0));
  EXPECT_EQ(newYork.fromCivil({2026, 3, 8, 2, 30, 0}), utcTime(2026, 3, 8, 7, 0));
  EXPECT_EQ(newYork.fromCivil({2026, 3, 8, 3, 0, 0}), utcTime(2026, 3, 8, 7, 0));
  EXPECT_EQ(newYork.fromCivil({2026, 3, 8, 1, 59, 0}), utcTime(2026, 3, 8, 6, 59));
}

TEST(TimeZone, ARepeatedCivilTimeIsTheEarlierInstant) {
  // 2026-11-01 in New York: 02:00 EDT falls back to 01:00 EST.
  const TimeZone newYork = zoneNamed("America/New_York");
  const CivilLookup found = newYork.lookup({2026, 11, 1, 1, 30, 0});
  EXPECT_EQ(found.kind, CivilLookup::Kind::repeated);
  EXPECT_EQ(found.first, utcTime(2026, 11, 1, 5, 30));   // 01:30 EDT
  EXPECT_EQ(found.second, utcTime(2026, 11, 1, 6, 30));  // 01:30 EST
  EXPECT_EQ(newYork.fromCivil({2026, 11, 1, 1, 30, 0}), utcTime(2026, 11, 1, 5, 30));
  EXPECT_EQ(newYork.lookup({2026, 11, 1, 3, 0, 0}).kind, CivilLookup::Kind::unique);
}

TEST(TimeZone, NormalizesOutOfRangeCivilFields) {
  const TimeZone utc = TimeZone::utc();
  EXPECT_EQ(utc.fromCivil({2026, 1, 32, 0, 0, 0}), utcTime(2026, 2, 1));
  EXPECT_EQ(utc.fromCivil({2026, 12, 31, 24, 0, 0}), utcTime(2027, 1, 1));
}

TEST(TimeZone, CopiesShareTheZone) {
  const TimeZone tokyo = zoneNamed("Asia/Tokyo");
  const TimeZone copy = tokyo;
  EXPECT_EQ(copy.name(), "Asia/Tokyo");
  EXPECT_EQ(copy.toCivil(utcTime(2026, 1, 1)).hour, 9);
}

TEST(TimeZone, AbbreviationFollowsTheOffsetInForce) {
  EXPECT_EQ(zoneNamed("Asia/Tokyo").abbreviation(utcTime(2027, 1, 4)), "JST");
  EXPECT_EQ(TimeZone::utc().abbreviation(utcTime(2027, 1, 4)), "UTC");
  const TimeZone newYork = zoneNamed("America/New_York");
  EXPECT_EQ(newYork.abbreviation(utcTime(2026, 1, 15, 12)), "EST");
  EXPECT_EQ(newYork.abbreviation(utcTime(2026, 7, 15, 12)), "EDT");
  // 2026-03-08 07:00Z is 03:00 EDT, the first instant after the spring gap.
  EXPECT_EQ(newYork.abbreviation(utcTime(2026, 3, 8, 6, 59, 59)), "EST");
  EXPECT_EQ(newYork.abbreviation(utcTime(2026, 3, 8, 7)), "EDT");
}

}  // namespace
}  // namespace unyo::playbooks
