#include "playbooks/net/body_excerpt.h"

#include <gtest/gtest.h>

namespace unyo::playbooks::net {
namespace {

TEST(BodyExcerptTest, KeepsValidTextUpToTheLimit) {
  EXPECT_EQ(utf8Excerpt("status: OK"), "status: OK");
  EXPECT_EQ(utf8Excerpt("abcdef", 3), "abc");
  EXPECT_EQ(utf8Excerpt("正常です", 12), "正常です");
}

TEST(BodyExcerptTest, DropsACharacterCutByTheLimit) {
  // 正 is three bytes: a limit of 4 keeps 正 and drops the first byte of 常.
  EXPECT_EQ(utf8Excerpt("正常", 4), "正");
  EXPECT_EQ(utf8Excerpt("正常", 5), "正");
}

TEST(BodyExcerptTest, ReplacesInvalidBytes) {
  EXPECT_EQ(utf8Excerpt("\x93\xfa OK"), "\uFFFD\uFFFD OK");      // Shift_JIS
  EXPECT_EQ(utf8Excerpt("\xc0\xaf"), "\uFFFD\uFFFD");            // an overlong '/'
  EXPECT_EQ(utf8Excerpt("\xed\xa0\x80"), "\uFFFD\uFFFD\uFFFD");  // a surrogate
  EXPECT_EQ(utf8Excerpt(std::string_view("a\0b", 3)), std::string("a\0b", 3));
}

}  // namespace
}  // namespace unyo::playbooks::net
