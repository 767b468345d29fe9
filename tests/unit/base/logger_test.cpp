#include "base/logger.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>

#include "fakes/fake_clock.h"

namespace unyo {
namespace {

TEST(LoggerTest, LogfmtQuotesOnlyWhatNeedsIt) {
  testing::FakeClock clock;
  Logger log(clock, LogLevel::info, LogFormat::logfmt);
  EXPECT_EQ(log.format(LogLevel::warn, "collector failed",
                       {{"collector", "cpu"}, {"err", "no such file"}, {"n", 3}, {"ok", false}}),
            "ts=2026-04-01T00:00:00.000Z level=warn msg=\"collector failed\" collector=cpu "
            "err=\"no such file\" n=3 ok=false");
}

TEST(LoggerTest, JsonEscapesAndKeepsTypes) {
  testing::FakeClock clock;
  Logger log(clock, LogLevel::info, LogFormat::json);
  EXPECT_EQ(log.format(LogLevel::info, "say \"hi\"\n", {{"ratio", 0.5}, {"bad", NAN}}),
            R"({"ts":"2026-04-01T00:00:00.000Z","level":"info","msg":"say \"hi\"\n",)"
            R"("ratio":0.5,"bad":"NaN"})");
}

TEST(LoggerTest, LevelFiltersBeforeWriting) {
  testing::FakeClock clock;
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  Logger log(clock, LogLevel::warn, LogFormat::logfmt, fds[1]);
  log.info("hidden");
  log.debug("hidden");
  log.error("shown");
  close(fds[1]);
  char buf[256] = {};
  const ssize_t n = read(fds[0], buf, sizeof buf - 1);
  close(fds[0]);
  ASSERT_GT(n, 0);
  EXPECT_EQ(std::string(buf), "ts=2026-04-01T00:00:00.000Z level=error msg=shown\n");
}

TEST(LoggerTest, ParsesLevelsAndFormats) {
  EXPECT_EQ(parseLogLevel("debug"), LogLevel::debug);
  EXPECT_EQ(parseLogLevel("warn"), LogLevel::warn);
  EXPECT_FALSE(parseLogLevel("verbose"));
  EXPECT_EQ(parseLogFormat("json"), LogFormat::json);
  EXPECT_FALSE(parseLogFormat("xml"));
}

}  // namespace
}  // namespace unyo
