#include "playbooks/actions/human_units.h"

#include <gtest/gtest.h>

#include "playbooks/actions/backup_checksum.h"

namespace unyo::playbooks {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

TEST(HumanUnitsTest, FormatsBytes) {
  EXPECT_EQ(formatBytes(0), "0 bytes");
  EXPECT_EQ(formatBytes(1), "1 byte");
  EXPECT_EQ(formatBytes(1023), "1023 bytes");
  EXPECT_EQ(formatBytes(1024), "1.0 KiB");
  EXPECT_EQ(formatBytes(3565158), "3.4 MiB");
  EXPECT_EQ(formatBytes(1048575), "1.0 MiB");  // not "1024.0 KiB"
  EXPECT_EQ(formatBytes(5ull << 30), "5.0 GiB");
}

TEST(HumanUnitsTest, FormatsAgesWithTwoUnits) {
  EXPECT_EQ(formatAge(hours(51)), "2d3h");
  EXPECT_EQ(formatAge(hours(48)), "2d");
  EXPECT_EQ(formatAge(hours(5) + minutes(12) + seconds(9)), "5h12m");
  EXPECT_EQ(formatAge(minutes(4)), "4m");
  EXPECT_EQ(formatAge(seconds(42)), "42s");
  EXPECT_EQ(formatAge(seconds(0)), "0s");
  EXPECT_EQ(formatAge(seconds(-5)), "0s");
}

TEST(Sha256Test, HashesWhatAFileDescriptorReads) {
  FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  // More than one 1 MiB chunk: "a" * (1 MiB + 3).
  const std::string text((1 << 20) + 3, 'a');
  ASSERT_EQ(std::fwrite(text.data(), 1, text.size(), file), text.size());
  std::fflush(file);
  std::rewind(file);
  const auto always = [] { return true; };
  const auto hash = sha256OfFile(fileno(file), always);
  ASSERT_TRUE(hash) << hash.error().message;
  EXPECT_EQ(*hash, "f5e25b6b994188fdb721357d459785dc479934edfd40f95658a45ab2ce2d8027");
  std::rewind(file);
  EXPECT_EQ(sha256OfFile(fileno(file), [] { return false; }).error().message, "ran out of time");
  std::fclose(file);

  FILE* empty = std::tmpfile();
  EXPECT_EQ(sha256OfFile(fileno(empty), always).value(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  std::fclose(empty);
}

}  // namespace
}  // namespace unyo::playbooks
