#include "base/did_you_mean.h"

#include <gtest/gtest.h>

#include <string>

namespace unyo {
namespace {

TEST(DidYouMeanTest, SuggestsOnlyPlausibleTypos) {
  const std::string_view keys[] = {"interval", "min_interval", "paths", "disabled"};
  EXPECT_EQ(closestMatch("intervl", keys), "interval");
  EXPECT_EQ(closestMatch("disable", keys), "disabled");
  EXPECT_EQ(closestMatch("inetrval", keys), "interval");  // a swap is one edit
  EXPECT_EQ(closestMatch("Interval", keys), "interval");  // case does not count
  EXPECT_EQ(closestMatch("xyz", keys), "");
  EXPECT_EQ(closestMatch("path", keys), "paths");
  EXPECT_EQ(closestMatch("ps", keys), "");  // 3 edits away from anything: no guess
}

TEST(DidYouMeanTest, AShortenedPluralIsStillFound) {
  const std::string_view stepKeys[] = {"id", "action", "with", "when", "retries", "retry_delay"};
  EXPECT_EQ(closestMatch("retry", stepKeys), "retries");
  EXPECT_EQ(closestMatch("retry_dealy", stepKeys), "retry_delay");
}

TEST(DidYouMeanTest, ADottedNameIsMatchedWithinItsFamily) {
  const std::string_view actions[] = {"exec",          "file.cleanup",    "disk.check",
                                      "http.check",    "tcp.check",       "service.status",
                                      "service.start", "service.restart", "notify.webhook"};
  EXPECT_EQ(closestMatch("http.get", actions), "http.check");
  EXPECT_EQ(closestMatch("file.clean", actions), "file.cleanup");
  EXPECT_EQ(closestMatch("notify.slack", actions), "notify.webhook");
  EXPECT_EQ(closestMatch("ftp.get", actions), "");  // no ftp family
}

TEST(DidYouMeanTest, TheOnlyNameStartingWithTheWordIsSuggested) {
  const std::string_view keys[] = {"min_free_bytes", "max_used_ratio", "min_free_inodes_ratio"};
  EXPECT_EQ(closestMatch("max_used", keys), "max_used_ratio");
  EXPECT_EQ(closestMatch("min_free", keys), "");  // two names start so: no guess
}

TEST(DidYouMeanTest, HugeWordsAreNotCompared) {
  const std::string_view keys[] = {"interval"};
  EXPECT_EQ(closestMatch(std::string(100000, 'i'), keys), "");
}

TEST(DidYouMeanTest, FormatsTheHintAndTheList) {
  const std::vector<std::string> names = {"webhook_url", "dirs"};
  EXPECT_EQ(didYouMean("webhok_url", names), " (did you mean \"webhook_url\"?)");
  EXPECT_EQ(didYouMean("zzz", names), "");
  EXPECT_EQ(listNames(names), "webhook_url, dirs");
}

}  // namespace
}  // namespace unyo
