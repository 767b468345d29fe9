// Several processes record runs at once: the flock on counters.json.lock
// must make every read-modify-write see the one before it.

#include <gtest/gtest.h>

#include <cstdio>

#include "playbooks/state/run_counters.h"
#include "support/child_process.h"
#include "unit/playbooks/state/state_test_support.h"

namespace unyo::playbooks {
namespace {

using testing::at;
using testing::forkChild;
using testing::makeRun;
using testing::waitChild;
using unyo::testing::TempDir;

TEST(RunCountersConcurrencyTest, RecordsFromManyProcessesAddUpExactly) {
  constexpr int kChildren = 4;
  constexpr int kRunsPerChild = 100;
  TempDir dir;
  testing::Gate start;
  std::vector<pid_t> children;
  for (int child = 0; child < kChildren; ++child) {
    children.push_back(forkChild([&] {
      start.wait();
      RunCounters counters(dir.path());
      auto run = makeRun("r", "p", RunStatus::success, at(1000));
      run.startedAt = at(1000);
      run.finishedAt = at(1002);
      run.laborCredited = true;
      run.laborMinutes = 1.5;
      run.laborYen = 250;
      for (int i = 0; i < kRunsPerChild; ++i) {
        if (auto recorded = counters.record(run); !recorded) {
          std::fprintf(stderr, "%s\n", recorded.error().message.c_str());
          return 1;
        }
      }
      return 0;
    }));
  }
  start.open(kChildren);
  for (const pid_t pid : children) EXPECT_EQ(waitChild(pid), 0);

  RunCounters counters(dir.path());
  auto all = counters.load();
  ASSERT_TRUE(all) << all.error().message;
  const auto& totals = all->at("p");
  constexpr double kRuns = kChildren * kRunsPerChild;
  EXPECT_EQ(totals.runs.at({"manual", "success"}), kRuns);
  EXPECT_EQ(totals.labor.at("manual").minutes, kRuns * 1.5);
  EXPECT_EQ(totals.labor.at("manual").yen, kRuns * 250);
  EXPECT_EQ(totals.durationCount, static_cast<std::uint64_t>(kRuns));
  EXPECT_EQ(totals.durationBuckets[1], static_cast<std::uint64_t>(kRuns));
}

}  // namespace
}  // namespace unyo::playbooks
