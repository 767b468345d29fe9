#include "agent/config/identity.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace unyo::agent {
namespace {

TEST(LgCodeTest, KnownCodesAreValid) {
  // Chiyoda-ku, Sapporo, Osaka, Yokohama, Kyoto, Tokyo prefecture.
  for (const char* code : {"131016", "011002", "271004", "141003", "261009", "130001"}) {
    EXPECT_EQ(lgCodeProblem(code), std::nullopt) << code;
  }
}

TEST(LgCodeTest, CheckDigitFollowsTheWorkedExample) {
  EXPECT_EQ(lgCodeCheckDigit("13101"), 6);  // sum 27, r = 5
  // r = 0 gives 1 and r = 1 gives 0.
  EXPECT_EQ(lgCodeCheckDigit("11000"), 1);  // sum 11 -> r 0
  EXPECT_EQ(lgCodeCheckDigit("02001"), 0);  // sum 12 -> r 1
}

TEST(LgCodeTest, EveryPrefectureCodeGetsAValidPrefectureLevelCode) {
  const char* dir = std::getenv("UNYO_FIXTURES");
  std::ifstream csv(std::filesystem::path(dir ? dir : "tests/fixtures") / "data/prefectures.csv");
  ASSERT_TRUE(csv);
  std::string line;
  std::getline(csv, line);  // header
  int prefectures = 0;
  while (std::getline(csv, line)) {
    const std::string prefix = line.substr(0, 2) + "000";
    const std::string code = prefix + std::to_string(lgCodeCheckDigit(prefix));
    EXPECT_EQ(lgCodeProblem(code), std::nullopt) << code;
    ++prefectures;
  }
  EXPECT_EQ(prefectures, 47);
}

TEST(LgCodeTest, ProblemsAreExplained) {
  EXPECT_EQ(lgCodeProblem("131017").value(),
            "lg_code \"131017\" has check digit 7, expected 6 (did you mean \"131016\"?)");
  EXPECT_EQ(lgCodeProblem("13101").value(),
            "lg_code must be 6 digits (全国地方公共団体コード), got \"13101\"");
  EXPECT_EQ(lgCodeProblem("13a016").value(),
            "lg_code must be 6 digits (全国地方公共団体コード), got \"13a016\"");
  EXPECT_EQ(lgCodeProblem("481009").value(),
            "lg_code \"481009\" starts with prefecture 48; prefecture codes run from 01 to 47");
  EXPECT_TRUE(lgCodeProblem("000000"));
}

TEST(BusinessSystemTest, KnowsEveryStandardizedAreaWithItsJapaneseName) {
  EXPECT_EQ(businessSystems().size(), 22u);  // 20 areas + shared platform + other
  ASSERT_NE(findBusinessSystem("resident_registry"), nullptr);
  EXPECT_EQ(findBusinessSystem("resident_registry")->nameJa, "住民基本台帳");
  EXPECT_EQ(findBusinessSystem("family_register_supplement")->nameJa, "戸籍の附票");
  EXPECT_EQ(findBusinessSystem("tax"), nullptr);
}

}  // namespace
}  // namespace unyo::agent
