#include "base/json_limits.h"

#include <gtest/gtest.h>

#include <string>

namespace unyo {
namespace {

std::string nestedArrays(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

std::string nestedObjects(std::size_t depth) {
  std::string text;
  for (std::size_t i = 0; i < depth; ++i) text += "{\"a\":";
  text += "1";
  text += std::string(depth, '}');
  return text;
}

// "[1,1,…]": the array itself is one value, so `n` values hold n-1 numbers.
std::string flatArray(std::size_t values) {
  std::string text = "[";
  for (std::size_t i = 0; i + 1 < values; ++i) text += i == 0 ? "1" : ",1";
  return text + "]";
}

bool mentions(const Expected<void>& result, std::string_view what) {
  return !result && result.error().message.find(what) != std::string::npos &&
         result.error().kind == ErrorKind::invalid;
}

TEST(JsonLimitsTest, AcceptsOrdinaryJson) {
  EXPECT_TRUE(checkJsonLimits(R"({"params": {"days": "7", "list": [1, 2.5e3, true, null]}})"));
  EXPECT_TRUE(checkJsonLimits(""));
  EXPECT_TRUE(checkJsonLimits("42"));
}

TEST(JsonLimitsTest, ThirtyTwoLevelsPassThirtyThreeFail) {
  EXPECT_TRUE(checkJsonLimits(nestedArrays(32)));
  EXPECT_TRUE(mentions(checkJsonLimits(nestedArrays(33)), "deeper than 32"));
  EXPECT_TRUE(checkJsonLimits(nestedObjects(32)));
  EXPECT_TRUE(mentions(checkJsonLimits(nestedObjects(33)), "deeper than 32"));
}

TEST(JsonLimitsTest, RefusesAMegabyteOfNestedArrays) {
  const std::string deep(1 << 20, '[');
  EXPECT_TRUE(mentions(checkJsonLimits(deep), "deeper than 32"));
}

TEST(JsonLimitsTest, TenThousandValuesPassTenThousandAndOneFail) {
  EXPECT_TRUE(checkJsonLimits(flatArray(10'000)));
  EXPECT_TRUE(mentions(checkJsonLimits(flatArray(10'001)), "more than 10000 values"));
}

TEST(JsonLimitsTest, ObjectKeysAreNotValues) {
  std::string text = "{";
  for (int i = 0; i < 9'999; ++i) text += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":1";
  text += "}";
  EXPECT_TRUE(checkJsonLimits(text));  // 9,999 numbers + the object
  EXPECT_FALSE(checkJsonLimits(text.substr(0, text.size() - 1) + ",\"x\":2}"));
}

TEST(JsonLimitsTest, BracketsInsideStringsDoNotCount) {
  const std::string inString = "[\"" + std::string(100, '[') + std::string(100, '{') + "\"]";
  EXPECT_TRUE(checkJsonLimits(inString));
}

TEST(JsonLimitsTest, EscapedQuotesDoNotEndTheString) {
  // The string is  a\"[[[…  : the brackets after the escaped quote are still inside it.
  const std::string text = R"(["a\")" + std::string(100, '[') + R"(", "b\\"])";
  EXPECT_TRUE(checkJsonLimits(text));
  // Here \\ is an escaped backslash, so the quote after it does end the string.
  const std::string closes = R"(["a\\")" + std::string(40, '[');
  EXPECT_TRUE(mentions(checkJsonLimits(closes), "deeper than 32"));
}

TEST(JsonLimitsTest, TruncatedInputIsLeftToTheParserButStillCounted) {
  EXPECT_TRUE(checkJsonLimits("[[1, 2]"));
  EXPECT_TRUE(checkJsonLimits(R"({"a": "unterminated)"));
  EXPECT_TRUE(checkJsonLimits(R"(["ends in a backslash\)"));
  // A cut-off text is still refused once it is too deep: the parser never sees it.
  EXPECT_TRUE(mentions(checkJsonLimits(std::string(33, '[')), "deeper than 32"));
}

TEST(JsonLimitsTest, LimitsCanBeChosen) {
  EXPECT_FALSE(checkJsonLimits("[[1]]", {.maxDepth = 1}));
  EXPECT_FALSE(checkJsonLimits("[1,2]", {.maxValues = 2}));
}

}  // namespace
}  // namespace unyo
