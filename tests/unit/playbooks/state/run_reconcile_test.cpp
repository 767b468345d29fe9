// The history as the one truth: finish sequence numbers, and reconciling
// the counters with it (after a crash, twice, after compaction, from an
// older version's files).

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "playbooks/state/counters_file.h"
#include "playbooks/state/history_lines.h"
#include "playbooks/state/run_counters.h"
#include "playbooks/state/run_history.h"
#include "support/child_process.h"
#include "unit/playbooks/state/state_test_support.h"

namespace unyo::playbooks {
namespace {

using testing::at;
using testing::deadPid;
using testing::makeRun;
using unyo::testing::readFile;
using unyo::testing::TempDir;
using unyo::testing::writeFile;

RunRecord finished(const std::string& id, RunStatus status, double minutes = 0) {
  RunRecord run = makeRun(id, "p", status, at(1000));
  run.startedAt = at(1000);
  run.finishedAt = at(1010);
  run.laborCredited = minutes > 0;
  run.laborMinutes = minutes;
  run.laborYen = minutes * 100;
  return run;
}

// Every line's seq (0 for none), in file order.
std::vector<std::uint64_t> seqsOf(const std::filesystem::path& file) {
  std::vector<std::uint64_t> seqs;
  std::istringstream lines(readFile(file));
  for (std::string line; std::getline(lines, line);) seqs.push_back(lineSeq(line).value_or(0));
  return seqs;
}

double runsOf(const std::map<std::string, PlaybookTotals>& totals, const std::string& result) {
  const auto it = totals.find("p");
  if (it == totals.end()) return 0;
  const auto runs = it->second.runs.find({"manual", result});
  return runs == it->second.runs.end() ? 0 : runs->second;
}

Expected<RunHistory::Reconciled> reconcileCounters(RunHistory& history, RunCounters& counters) {
  FinishedRunStore* stores[] = {&counters};
  return history.reconcile(stores);
}

TEST(RunSeqTest, OnlyFinalRecordsGetIncreasingNumbers) {
  TempDir dir;
  RunHistory history(dir.path(), 0);
  ASSERT_TRUE(history.append(makeRun("a", "p", RunStatus::running, at(1))));
  ASSERT_TRUE(history.append(finished("a", RunStatus::success)));
  ASSERT_TRUE(history.append(finished("b", RunStatus::rejected)));
  RunHistory otherProcess(dir.path(), 0);
  ASSERT_TRUE(otherProcess.append(finished("c", RunStatus::failure)));
  ASSERT_TRUE(history.append(finished("d", RunStatus::dryRun)));
  EXPECT_EQ(seqsOf(history.file()), (std::vector<std::uint64_t>{0, 1, 2, 3, 4}));
  // The line starts with its number and is still the same record.
  const std::string text = readFile(history.file());
  EXPECT_NE(text.find("\n{\"seq\":1,"), std::string::npos) << text;
  auto found = history.find("a");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->status, RunStatus::success);
}

TEST(RunSeqTest, NumbersSurviveCompaction) {
  TempDir dir;
  RunHistory history(dir.path(), 2);
  for (int i = 0; i < 110; ++i) {
    ASSERT_TRUE(history.append(finished("r" + std::to_string(i), RunStatus::success)));
  }
  // Compacted to the newest two runs at line 103; numbers kept, never reissued.
  auto seqs = seqsOf(history.file());
  ASSERT_LT(seqs.size(), 110u);
  EXPECT_EQ(seqs.back(), 110u);
  // Even when compaction drops the run with the highest number.
  RunHistory fresh(dir.path(), 1);
  ASSERT_TRUE(fresh.append(makeRun("late", "p", RunStatus::running, at(5000))));
  for (int i = 0; i < 120; ++i) {
    ASSERT_TRUE(fresh.append(makeRun("q" + std::to_string(i), "p", RunStatus::queued, at(6000))));
  }
  RunHistory another(dir.path(), 1);
  ASSERT_TRUE(another.append(finished("z", RunStatus::success)));
  EXPECT_EQ(seqsOf(another.file()).back(), 111u);
}

TEST(RunReconcileTest, AppliesEachFinishedRunOnceAndTwiceChangesNothing) {
  TempDir dir;
  RunHistory history(dir.path(), 0);
  RunCounters counters(dir.path());
  ASSERT_TRUE(history.append(finished("a", RunStatus::success, 10)));
  ASSERT_TRUE(history.append(finished("b", RunStatus::failure)));
  ASSERT_TRUE(history.append(makeRun("c", "p", RunStatus::running, at(1))));
  auto reconciled = reconcileCounters(history, counters);
  ASSERT_TRUE(reconciled);
  ASSERT_EQ(reconciled->stores.size(), 1u);
  ASSERT_TRUE(reconciled->stores[0].second);
  EXPECT_EQ(*reconciled->stores[0].second, 2u);
  auto totals = counters.load();
  ASSERT_TRUE(totals);
  EXPECT_EQ(runsOf(*totals, "success"), 1);
  EXPECT_EQ(runsOf(*totals, "failure"), 1);
  EXPECT_EQ(totals->at("p").labor.at("manual").minutes, 10);
  EXPECT_EQ(*counters.appliedSeq(), 2u);

  const std::string before = readFile(dir.path() / "counters.json");
  auto again = reconcileCounters(history, counters);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again->stores[0].second, 0u);
  EXPECT_EQ(readFile(dir.path() / "counters.json"), before);
}

TEST(RunReconcileTest, ACrashBetweenTheHistoryAndTheCountersIsRepairedOnce) {
  TempDir dir;
  {
    // The process appends the final record and dies before the counters.
    RunHistory history(dir.path(), 0);
    ASSERT_TRUE(history.append(finished("a", RunStatus::success, 10)));
  }
  for (int start = 0; start < 3; ++start) {  // every later start reconciles
    RunHistory history(dir.path(), 0);
    RunCounters counters(dir.path());
    ASSERT_TRUE(reconcileCounters(history, counters));
  }
  RunCounters counters(dir.path());
  auto totals = counters.load();
  ASSERT_TRUE(totals);
  EXPECT_EQ(runsOf(*totals, "success"), 1);
  EXPECT_EQ(totals->at("p").labor.at("manual").minutes, 10);
}

TEST(RunReconcileTest, RunsCutByACrashAreCountedAfterRecovery) {
  TempDir dir;
  RunHistory history(dir.path(), 0);
  RunRecord cut = makeRun("cut", "p", RunStatus::running, at(1));
  cut.pid = deadPid();
  ASSERT_TRUE(history.append(cut));
  ASSERT_EQ(*history.recoverInterrupted(at(2000)), 1);
  RunCounters counters(dir.path());
  ASSERT_TRUE(reconcileCounters(history, counters));
  ASSERT_TRUE(reconcileCounters(history, counters));
  auto totals = counters.load();
  ASSERT_TRUE(totals);
  EXPECT_EQ(runsOf(*totals, "failure"), 1);
}

TEST(RunReconcileTest, CountersOfAnOlderVersionAlreadyHoldTheHistory) {
  TempDir dir;
  RunHistory history(dir.path(), 0);
  ASSERT_TRUE(history.append(finished("a", RunStatus::success, 10)));
  // Written by a version without sequence numbers: it counted "a" itself.
  RunCounters counters(dir.path());
  ASSERT_TRUE(counters.record(finished("a", RunStatus::success, 10)));
  auto old = nlohmann::json::parse(readFile(dir.path() / "counters.json"));
  old.erase("applied_seq");
  writeFile(dir.path() / "counters.json", old.dump());
  ASSERT_TRUE(reconcileCounters(history, counters));
  EXPECT_EQ(runsOf(*counters.load(), "success"), 1);
  EXPECT_EQ(*counters.appliedSeq(), 1u);
  // Runs after the upgrade count.
  ASSERT_TRUE(history.append(finished("b", RunStatus::success, 10)));
  ASSERT_TRUE(reconcileCounters(history, counters));
  EXPECT_EQ(runsOf(*counters.load(), "success"), 2);
}

TEST(RunReconcileTest, AHistoryBehindTheCountersNumbersNewRunsAfterThem) {
  TempDir dir;
  CountersDocument held;
  held.appliedSeq = 40;
  writeFile(dir.path() / "counters.json", countersText(held));
  RunHistory history(dir.path(), 0);  // runs.jsonl deleted by hand
  RunCounters counters(dir.path());
  auto reconciled = reconcileCounters(history, counters);
  ASSERT_TRUE(reconciled);
  EXPECT_TRUE(reconciled->historyBehind);
  ASSERT_TRUE(history.append(finished("a", RunStatus::success)));
  EXPECT_EQ(seqsOf(history.file()).back(), 41u);
  ASSERT_TRUE(reconcileCounters(history, counters));
  EXPECT_EQ(runsOf(*counters.load(), "success"), 1);
}

}  // namespace
}  // namespace unyo::playbooks
