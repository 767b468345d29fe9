#include "playbooks/state/run_history.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "support/child_process.h"
#include "unit/playbooks/state/state_test_support.h"

namespace unyo::playbooks {
namespace {

using testing::at;
using testing::makeRun;
using unyo::testing::readFile;
using unyo::testing::TempDir;

std::vector<std::string> idsOf(const std::vector<RunRecord>& runs) {
  std::vector<std::string> ids;
  for (const auto& run : runs) ids.push_back(run.id);
  return ids;
}

std::size_t lineCount(const std::filesystem::path& file) {
  const std::string text = readFile(file);
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST(RunHistoryTest, NoFileMeansNoRuns) {
  TempDir dir;
  RunHistory history(dir.path() / "state", 100);
  auto runs = history.list(std::nullopt, 10);
  ASSERT_TRUE(runs) << runs.error().message;
  EXPECT_TRUE(runs->empty());
  auto found = history.find("20261128T091500Z-000001");
  ASSERT_TRUE(found);
  EXPECT_FALSE(*found);
}

TEST(RunHistoryTest, LastStateOfEachRunWinsNewestFirst) {
  TempDir dir;
  RunHistory history(dir.path() / "state", 100);
  auto first = makeRun("r1", "logrotate", RunStatus::running, at(1000));
  auto second = makeRun("r2", "backup", RunStatus::queued, at(2000));
  auto third = makeRun("r3", "logrotate", RunStatus::running, at(3000));
  ASSERT_TRUE(history.append(first));
  ASSERT_TRUE(history.append(second));
  ASSERT_TRUE(history.append(third));
  first.status = RunStatus::success;
  first.finishedAt = at(1100);
  ASSERT_TRUE(history.append(first));
  third.status = RunStatus::failure;
  third.error = "disk full";
  ASSERT_TRUE(history.append(third));

  auto runs = history.list(std::nullopt, 0);
  ASSERT_TRUE(runs) << runs.error().message;
  EXPECT_EQ(idsOf(*runs), (std::vector<std::string>{"r3", "r2", "r1"}));
  EXPECT_EQ((*runs)[0].status, RunStatus::failure);
  EXPECT_EQ((*runs)[0].error, "disk full");
  EXPECT_EQ((*runs)[2].status, RunStatus::success);
  EXPECT_EQ((*runs)[2].finishedAt, at(1100));
  EXPECT_EQ(history.skippedLines(), 0u);

  auto found = history.find("r1");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->status, RunStatus::success);
  auto missing = history.find("r9");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
}

TEST(RunHistoryTest, FiltersByPlaybookAndLimits) {
  TempDir dir;
  RunHistory history(dir.path(), 100);
  for (int i = 0; i < 6; ++i) {
    const std::string playbook = i % 2 == 0 ? "logrotate" : "backup";
    ASSERT_TRUE(history.append(
        makeRun("r" + std::to_string(i), playbook, RunStatus::success, at(1000 + i))));
  }
  auto logrotate = history.list(std::string("logrotate"), 2);
  ASSERT_TRUE(logrotate);
  EXPECT_EQ(idsOf(*logrotate), (std::vector<std::string>{"r4", "r2"}));
  auto all = history.list(std::nullopt, 4);
  ASSERT_TRUE(all);
  EXPECT_EQ(idsOf(*all), (std::vector<std::string>{"r5", "r4", "r3", "r2"}));
  auto none = history.list(std::string("unknown"), 10);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST(RunHistoryTest, SameCreationTimeOrdersByIdNewestFirst) {
  TempDir dir;
  RunHistory history(dir.path(), 100);
  ASSERT_TRUE(history.append(makeRun("20261128T091500Z-aaaaaa", "p", RunStatus::queued, at(5))));
  ASSERT_TRUE(history.append(makeRun("20261128T091500Z-bbbbbb", "p", RunStatus::queued, at(5))));
  auto runs = history.list(std::nullopt, 0);
  ASSERT_TRUE(runs);
  EXPECT_EQ(idsOf(*runs),
            (std::vector<std::string>{"20261128T091500Z-bbbbbb", "20261128T091500Z-aaaaaa"}));
}

TEST(RunHistoryTest, TornLastLineIsSkippedAndTheNextAppendStartsAFreshLine) {
  TempDir dir;
  RunHistory history(dir.path(), 100);
  ASSERT_TRUE(history.append(makeRun("r1", "p", RunStatus::success, at(1))));
  ASSERT_TRUE(history.append(makeRun("r2", "p", RunStatus::success, at(2))));
  {
    // What a crash in the middle of a write leaves behind.
    std::ofstream file(history.file(), std::ios::app);
    file << R"({"id":"r3","playbook":"p","sta)";
  }
  auto runs = history.list(std::nullopt, 0);
  ASSERT_TRUE(runs) << runs.error().message;
  EXPECT_EQ(idsOf(*runs), (std::vector<std::string>{"r2", "r1"}));
  EXPECT_EQ(history.skippedLines(), 1u);
  auto torn = history.find("r3");
  ASSERT_TRUE(torn);
  EXPECT_FALSE(*torn);

  ASSERT_TRUE(history.append(makeRun("r3", "p", RunStatus::success, at(3))));
  runs = history.list(std::nullopt, 0);
  ASSERT_TRUE(runs);
  EXPECT_EQ(idsOf(*runs), (std::vector<std::string>{"r3", "r2", "r1"}));
  EXPECT_EQ(history.skippedLines(), 1u);
  EXPECT_NE(readFile(history.file()).find("\"sta\n{"), std::string::npos);
}

TEST(RunHistoryTest, CompactionKeepsTheLatestStateOfTheNewestRuns) {
  TempDir dir;
  constexpr std::size_t kMaxRuns = 10;
  RunHistory history(dir.path(), kMaxRuns);
  for (int i = 0; i < 150; ++i) {
    auto run = makeRun("r" + std::to_string(1000 + i), "p", RunStatus::running, at(i));
    ASSERT_TRUE(history.append(run));
    run.status = RunStatus::success;
    ASSERT_TRUE(history.append(run));
  }
  // max(10 * 5/4, 10 + 100) lines at most between compactions.
  EXPECT_LE(lineCount(history.file()), 110u);
  auto runs = history.list(std::nullopt, 0);
  ASSERT_TRUE(runs);
  ASSERT_GE(runs->size(), kMaxRuns);
  for (std::size_t i = 0; i < kMaxRuns; ++i) {
    EXPECT_EQ((*runs)[i].id, "r" + std::to_string(1149 - i));
  }
  for (const auto& run : *runs) EXPECT_EQ(run.status, RunStatus::success) << run.id;
  EXPECT_EQ(history.skippedLines(), 0u);
  // Nothing left behind by the atomic rewrites.
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    EXPECT_EQ(entry.path().filename().string().find(".tmp."), std::string::npos);
  }
}

TEST(RunHistoryTest, MaxRunsZeroNeverCompacts) {
  TempDir dir;
  RunHistory history(dir.path(), 0);
  for (int i = 0; i < 150; ++i) {
    ASSERT_TRUE(history.append(makeRun("r" + std::to_string(i), "p", RunStatus::success, at(i))));
  }
  EXPECT_EQ(lineCount(history.file()), 150u);
}

TEST(RunHistoryTest, RecoversRunsLeftUnfinishedByADeadProcess) {
  TempDir dir;
  RunHistory history(dir.path(), 100);
  const pid_t dead = testing::deadPid();
  auto cutShort = makeRun("dead-running", "p", RunStatus::running, at(10));
  cutShort.pid = dead;
  cutShort.startedAt = at(11);
  auto live = makeRun("live-running", "p", RunStatus::running, at(20));
  live.pid = ::getppid();  // another process, alive: its run goes on
  // Our own pid: left by an earlier process that had it (pid 1 in a container).
  auto ours = makeRun("own-pid-running", "p", RunStatus::running, at(25));
  ours.pid = ::getpid();
  auto noPid = makeRun("no-pid-queued", "p", RunStatus::queued, at(30));
  auto pending = makeRun("dead-pending", "p", RunStatus::pending, at(40));
  pending.pid = dead;
  auto finished = makeRun("dead-success", "p", RunStatus::success, at(50));
  finished.pid = dead;
  for (const auto& run : {cutShort, live, ours, noPid, pending, finished}) {
    ASSERT_TRUE(history.append(run));
  }

  auto recovered = history.recoverInterrupted(at(100));
  ASSERT_TRUE(recovered) << recovered.error().message;
  EXPECT_EQ(*recovered, 4);
  for (const char* id : {"dead-running", "own-pid-running", "no-pid-queued", "dead-pending"}) {
    auto run = history.find(id);
    ASSERT_TRUE(run && *run) << id;
    EXPECT_EQ((*run)->status, RunStatus::failure) << id;
    EXPECT_EQ((*run)->error, "interrupted: the agent stopped during the run");
    EXPECT_EQ((*run)->finishedAt, at(100));
  }
  auto kept = history.find("dead-running");
  EXPECT_EQ((*kept)->startedAt, at(11));
  EXPECT_EQ((*history.find("live-running"))->status, RunStatus::running);
  EXPECT_EQ((*history.find("dead-success"))->status, RunStatus::success);

  auto again = history.recoverInterrupted(at(200));
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0);
}

TEST(RunHistoryTest, UnwritableStateDirectoryIsAnErrorNamingIt) {
  TempDir dir;
  unyo::testing::writeFile(dir.path() / "not-a-dir", "x");
  RunHistory history(dir.path() / "not-a-dir", 10);
  auto appended = history.append(makeRun("r1", "p", RunStatus::success, at(1)));
  ASSERT_FALSE(appended);
  EXPECT_NE(appended.error().message.find("not-a-dir"), std::string::npos)
      << appended.error().message;
}

}  // namespace
}  // namespace unyo::playbooks
