#include "collectors/proc_text.h"

#include <gtest/gtest.h>

#include <array>

namespace unyo::collectors {
namespace {

TEST(ProcTextTest, PopsLinesWithOrWithoutAFinalNewline) {
  std::string_view text = "a b\n\nc";
  std::string_view line;
  ASSERT_TRUE(popLine(text, line));
  EXPECT_EQ(line, "a b");
  ASSERT_TRUE(popLine(text, line));
  EXPECT_EQ(line, "");
  ASSERT_TRUE(popLine(text, line));
  EXPECT_EQ(line, "c");
  EXPECT_FALSE(popLine(text, line));
}

TEST(ProcTextTest, SplitsOnSpacesAndTabsAndCountsBeyondTheSpan) {
  std::array<std::string_view, 2> fields;
  EXPECT_EQ(splitFields("  x\t y  z ", fields), 3u);
  EXPECT_EQ(fields[0], "x");
  EXPECT_EQ(fields[1], "y");
  EXPECT_EQ(splitFields("   ", fields), 0u);
}

TEST(ProcTextTest, NumbersMustBeWhole) {
  EXPECT_EQ(parseUnsigned("18446744073709551615"), 18446744073709551615u);
  EXPECT_FALSE(parseUnsigned("18446744073709551616"));
  EXPECT_FALSE(parseUnsigned("12x"));
  EXPECT_FALSE(parseUnsigned(""));
  EXPECT_FALSE(parseUnsigned("-1"));
  EXPECT_EQ(parseNumber("0.52"), 0.52);
  EXPECT_FALSE(parseNumber("0.5.2"));
}

TEST(ProcTextTest, TrimsSpaceAndNewlines) {
  EXPECT_EQ(trimSpace(" \tx y\n"), "x y");
  EXPECT_EQ(trimSpace("\n"), "");
}

}  // namespace
}  // namespace unyo::collectors
