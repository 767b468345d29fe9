// `unyo collect` against tests/fixtures/proc and tests/fixtures/sys, diffed
// against a golden file and linted by promtool. filesystem and time read the
// real disk and clock, so they have their own unit tests instead.

#include <gtest/gtest.h>

#include <regex>

#include "running_agent.h"

namespace unyo::testing {
namespace {

using namespace std::chrono_literals;

// Durations differ on every run; everything else must not.
std::string withoutDurations(const std::string& exposition) {
  static const std::regex kDuration(R"((unyo_collector_duration_seconds\{[^}]*\}) \S+)");
  return std::regex_replace(exposition, kDuration, "$1 <duration>");
}

TEST(CollectGoldenTest, FixtureTreesGiveTheGoldenExposition) {
  const std::string fixtures = requiredEnv("UNYO_FIXTURES");
  TempDir dir;
  std::vector<std::string> argv = {unyoBinary(), "collect", "--config",
                                   fixtures + "/configs/golden.yaml"};
  for (const char* c : {"cpu", "diskstats", "loadavg", "meminfo", "netdev", "pressure", "services",
                        "stat", "uname"}) {
    argv.push_back("--collector");
    argv.push_back(c);
  }
  ChildProcess collect(argv, dir.path());
  ASSERT_EQ(collect.waitExit(30s), 0) << collect.stderrText();
  const std::string output = collect.stdoutText();
  EXPECT_EQ(collect.stderrText(), "");

  const std::string golden = fixtures + "/golden/collect.prom";
  if (std::getenv("UNYO_UPDATE_GOLDEN")) writeFile(golden, withoutDurations(output));
  EXPECT_EQ(withoutDurations(output), readFile(golden));
  EXPECT_EQ(promtoolProblems(output, dir.path()), "");
}

TEST(CollectGoldenTest, AnUnknownCollectorIsAUsageError) {
  TempDir dir;
  ChildProcess collect({unyoBinary(), "collect", "--config",
                        requiredEnv("UNYO_FIXTURES") + "/configs/golden.yaml", "--collector",
                        "cpus"},
                       dir.path());
  EXPECT_EQ(collect.waitExit(30s), 2);
  EXPECT_EQ(collect.stderrText(), "unyo: unknown collector \"cpus\"\n");
}

}  // namespace
}  // namespace unyo::testing
