#include "agent/fleet/prefectures.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace unyo::agent {
namespace {

TEST(Prefectures, AllFortySevenInCodeOrderWithBothNames) {
  const auto all = prefectures();
  ASSERT_EQ(all.size(), 47u);
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < all.size(); ++i) {
    const auto& p = all[i];
    const std::string expected = (i + 1 < 10 ? "0" : "") + std::to_string(i + 1);
    EXPECT_EQ(p.code, expected);
    EXPECT_TRUE(p.nameJa.ends_with("都") || p.nameJa.ends_with("道") || p.nameJa.ends_with("府") ||
                p.nameJa.ends_with("県"))
        << p.nameJa;
    EXPECT_FALSE(p.nameEn.empty());
    EXPECT_TRUE(names.insert(p.nameJa).second) << p.nameJa;
  }
}

TEST(Prefectures, FoundByCodeOrByALgCode) {
  ASSERT_NE(findPrefecture("13"), nullptr);
  EXPECT_EQ(findPrefecture("13")->nameJa, "東京都");
  EXPECT_EQ(findPrefecture("131016")->nameEn, "Tokyo");
  EXPECT_EQ(findPrefecture("01")->nameJa, "北海道");
  EXPECT_EQ(findPrefecture("47")->nameEn, "Okinawa");
  EXPECT_EQ(findPrefecture("00"), nullptr);
  EXPECT_EQ(findPrefecture("48"), nullptr);
  EXPECT_EQ(findPrefecture("1"), nullptr);
}

}  // namespace
}  // namespace unyo::agent
