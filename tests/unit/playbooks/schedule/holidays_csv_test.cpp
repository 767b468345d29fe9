#include "playbooks/schedule/holidays_csv.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "playbooks/schedule/text_encoding.h"
#include "unit/playbooks/schedule/schedule_test_support.h"

namespace unyo::playbooks {
namespace {

using testing::readFixture;

bool contains(const std::vector<Holiday>& holidays, const Holiday& wanted) {
  return std::ranges::find(holidays, wanted) != holidays.end();
}

TEST(HolidaysCsv, ReadsTheCabinetOfficeFileInShiftJis) {
  const std::string bytes = readFixture("data/syukujitsu-2025-2027.csv");
  ASSERT_FALSE(isValidUtf8(bytes)) << "the fixture should be Shift_JIS";
  auto holidays = parseHolidaysCsv(bytes);
  ASSERT_TRUE(holidays) << holidays.error().message;
  ASSERT_EQ(holidays->size(), 54u);
  EXPECT_EQ(holidays->front(), (Holiday{2025, 1, 1, "元日"}));
  EXPECT_EQ(holidays->back(), (Holiday{2027, 11, 23, "勤労感謝の日"}));
  EXPECT_TRUE(contains(*holidays, {2026, 4, 29, "昭和の日"}));
  EXPECT_TRUE(contains(*holidays, {2026, 5, 3, "憲法記念日"}));
  // A substitute holiday (振替休日) and a citizens' holiday (国民の休日) both read 休日.
  EXPECT_TRUE(contains(*holidays, {2026, 5, 6, "休日"}));
  EXPECT_TRUE(contains(*holidays, {2026, 9, 22, "休日"}));
  for (const Holiday& holiday : *holidays) {
    EXPECT_TRUE(isValidUtf8(holiday.name)) << holiday.name;
    EXPECT_EQ(holiday.name.find('\r'), std::string::npos);
  }
}

TEST(HolidaysCsv, ReadsUtf8WithABomAndLfLineEnds) {
  auto holidays = parseHolidaysCsv(readFixture("holidays/utf8-bom-lf.csv"));
  ASSERT_TRUE(holidays) << holidays.error().message;
  EXPECT_EQ(*holidays, (std::vector<Holiday>{{2026, 1, 1, "元日"},
                                             {2026, 5, 6, "休日"},
                                             {2026, 8, 13, "市の閉庁日"},
                                             {2026, 8, 14, ""}}));
}

TEST(HolidaysCsv, HeaderIsOptionalAndBlankLinesAreSkipped) {
  auto holidays = parseHolidaysCsv("\r\n2026/1/1,元日\r\n\r\n  \r\n2026/01/12,成人の日\r\n");
  ASSERT_TRUE(holidays) << holidays.error().message;
  EXPECT_EQ(*holidays, (std::vector<Holiday>{{2026, 1, 1, "元日"}, {2026, 1, 12, "成人の日"}}));
  EXPECT_EQ(parseHolidaysCsv("").value(), std::vector<Holiday>{});
  EXPECT_EQ(parseHolidaysCsv("date,name\n").value(), std::vector<Holiday>{});
}

TEST(HolidaysCsv, AcceptsWhatSpreadsheetsWrite) {
  auto holidays = parseHolidaysCsv("\"2026/5/4\",\"みどりの日\",,\n2026-05-05, こどもの日 \n");
  ASSERT_TRUE(holidays) << holidays.error().message;
  EXPECT_EQ(*holidays,
            (std::vector<Holiday>{{2026, 5, 4, "みどりの日"}, {2026, 5, 5, "こどもの日"}}));
}

TEST(HolidaysCsv, ConvertsShiftJisNamesToUtf8) {
  // "元日" in CP932 is 0x8CB3 0x93FA.
  auto holidays = parseHolidaysCsv("2026/1/1,\x8C\xB3\x93\xFA\r\n");
  ASSERT_TRUE(holidays) << holidays.error().message;
  EXPECT_EQ(holidays->at(0).name, "元日");
}

TEST(HolidaysCsv, BadLinesAreErrorsWithTheirLineNumber) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"header\n2025/1/1,元日\n2025/13/1,x\n", "line 3: invalid date \"2025/13/1\""},
      {"2025/2/29,x\n", "line 1: invalid date \"2025/2/29\""},
      {"2025/1/1,a\r\n\r\n2025/4/31,b\r\n", "line 3: invalid date \"2025/4/31\""},
      {"2025/1/1,a\nsomething else\n", "line 2: invalid date \"something else\""},
      {"2025/1,a\n", "line 1: invalid date \"2025/1\""},
      {"25/1/1,a\n", "line 1: invalid date \"25/1/1\""},
      {"2025/1/1/1,a\n", "line 1: invalid date \"2025/1/1/1\""},
      {"2025/1/1,a\n,b\n", "line 2: invalid date \"\""},
      {"2025/1/1,a\n2025/1/2,\x81\x20\n", "line 2: text is neither UTF-8 nor Shift_JIS"},
  };
  for (const auto& [text, message] : cases) {
    auto holidays = parseHolidaysCsv(text);
    ASSERT_FALSE(holidays) << text;
    EXPECT_EQ(holidays.error().message, message) << text;
    EXPECT_FALSE(holidays.error().where);
  }
}

TEST(HolidaysCsv, WithAFileNameTheErrorCarriesTheLocation) {
  auto holidays = parseHolidaysCsv("a,b\n2025/1/1,元日\n2025/0/1,x\n", "/etc/unyo/holidays.csv");
  ASSERT_FALSE(holidays);
  EXPECT_EQ(holidays.error().message, "invalid date \"2025/0/1\"");
  ASSERT_TRUE(holidays.error().where);
  EXPECT_EQ(holidays.error().toString(), "/etc/unyo/holidays.csv:3:1: invalid date \"2025/0/1\"");
}

TEST(HolidaysCsv, Utf8ValidationIsStrict) {
  EXPECT_TRUE(isValidUtf8("plain ascii"));
  EXPECT_TRUE(isValidUtf8("元日 🎍"));
  EXPECT_FALSE(isValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(isValidUtf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(isValidUtf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(isValidUtf8("\xE5\x85"));          // cut short
  EXPECT_FALSE(isValidUtf8("\x8C\xB3\x93\xFA"));  // Shift_JIS
}

}  // namespace
}  // namespace unyo::playbooks
