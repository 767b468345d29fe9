#include "agent/cost/ledger.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "agent/cost/checksummed_line.h"
#include "agent/cost/labor_recorder.h"
#include "support/child_process.h"
#include "unit/playbooks/engine/engine_test_support.h"
#include "unit/playbooks/state/state_test_support.h"

namespace unyo::agent {
namespace {

namespace fs = std::filesystem;
using unyo::testing::readFile;
using unyo::testing::TempDir;
using unyo::testing::writeFile;

CostRecord costOn(const std::string& day, double to, double computeYen, double hours,
                  double txBytes = 0) {
  CostRecord record;
  record.toUnix = to;
  record.cursor.bootTimeUnix = 1000;
  record.cursor.transmitBytes["eth0"] = txBytes;
  auto& totals = record.days[day];
  totals.costYen["compute"] = computeYen;
  totals.instanceHours = hours;
  totals.storageGibHours["/"] = hours * 100;
  totals.egressBytes["eth0"] = txBytes;
  return record;
}

RunRecordLine runOn(const std::string& day, const std::string& playbook, bool credited,
                    const std::string& trigger = "schedule") {
  RunRecordLine line;
  line.day = day;
  line.playbook = playbook;
  line.runId = "run-" + day;
  line.result = credited ? "success" : "failure";
  line.trigger = trigger;
  line.error = credited ? "" : "step \"purge\" failed: permission denied";
  line.credited = credited;
  line.minutes = credited ? 15.0 : 0.0;
  line.yen = credited ? 1250.0 : 0.0;
  return line;
}

void appendRaw(const fs::path& file, std::string_view bytes) {
  std::ofstream out(file, std::ios::app | std::ios::binary);
  out << bytes;
}

TEST(ChecksummedLine, RoundTripsAndRejectsDamage) {
  const auto line = checksummedLine(R"({"a":1})");
  ASSERT_TRUE(line.ends_with('\n'));
  const auto body = std::string_view(line).substr(0, line.size() - 1);
  ASSERT_TRUE(checkedPayload(body));
  EXPECT_EQ(*checkedPayload(body), R"({"a":1})");
  EXPECT_FALSE(checkedPayload(body.substr(0, body.size() - 1)));  // torn
  std::string flipped(body);
  flipped.back() = '2';
  EXPECT_FALSE(checkedPayload(flipped));
  EXPECT_FALSE(checkedPayload("garbage"));
  EXPECT_FALSE(checkedPayload(""));
}

TEST(Ledger, MissingFolderIsAnEmptyLedger) {
  TempDir tmp;
  Ledger ledger(tmp.path() / "ledger");
  auto contents = ledger.load();
  ASSERT_TRUE(contents) << contents.error().message;
  EXPECT_TRUE(contents->days.empty());
  EXPECT_FALSE(contents->lastAccrualUnix);
  EXPECT_EQ(contents->skippedLines, 0);
}

TEST(Ledger, SumsRecordsByTheirOwnDay) {
  TempDir tmp;
  Ledger ledger(tmp.path());
  ASSERT_TRUE(ledger.append(costOn("2026-11-28", 2000, 37.2, 1, 500), "2026-11-28"));
  ASSERT_TRUE(ledger.append(costOn("2026-11-28", 3000, 37.2, 1, 700), "2026-11-28"));
  ASSERT_TRUE(ledger.append(runOn("2026-11-28", "purge", true), "2026-11-28"));
  ASSERT_TRUE(ledger.append(runOn("2026-11-28", "purge", false), "2026-11-28"));
  // A run that finished just before midnight, written just after it.
  ASSERT_TRUE(ledger.append(runOn("2026-11-28", "backup", true), "2026-11-29"));

  auto contents = ledger.load();
  ASSERT_TRUE(contents) << contents.error().message;
  ASSERT_EQ(contents->days.size(), 1u);
  const auto& day = contents->days.at("2026-11-28");
  EXPECT_DOUBLE_EQ(day.costYen.at("compute"), 74.4);
  EXPECT_DOUBLE_EQ(day.instanceHours, 2);
  EXPECT_DOUBLE_EQ(day.egressBytes.at("eth0"), 1200);
  EXPECT_EQ(day.labor.at("purge").runs, 2);
  EXPECT_EQ(day.labor.at("purge").successes, 1);
  EXPECT_DOUBLE_EQ(day.labor.at("purge").minutes, 15);
  EXPECT_DOUBLE_EQ(day.labor.at("purge").yen, 1250);
  EXPECT_EQ(day.labor.at("backup").successes, 1);
  ASSERT_TRUE(contents->lastAccrualUnix);
  EXPECT_DOUBLE_EQ(*contents->lastAccrualUnix, 3000);
  ASSERT_TRUE(contents->cursor);
  EXPECT_DOUBLE_EQ(contents->cursor->transmitBytes.at("eth0"), 700);
}

TEST(Ledger, ATornLastLineIsSkippedAndTheNextRecordStartsClean) {
  TempDir tmp;
  Ledger ledger(tmp.path());
  ASSERT_TRUE(ledger.append(costOn("2026-11-28", 2000, 10, 1), "2026-11-28"));
  const auto whole = checksummedLine(R"({"kind":"run","day":"2026-11-28"})");
  appendRaw(tmp.path() / "2026-11-28.jsonl", whole.substr(0, whole.size() / 2));  // kill -9 here
  ASSERT_TRUE(ledger.append(costOn("2026-11-28", 3000, 10, 1), "2026-11-28"));

  auto contents = ledger.load();
  ASSERT_TRUE(contents);
  EXPECT_EQ(contents->skippedLines, 1);
  EXPECT_DOUBLE_EQ(contents->days.at("2026-11-28").costYen.at("compute"), 20);
  EXPECT_DOUBLE_EQ(*contents->lastAccrualUnix, 3000);
}

TEST(Ledger, AGarbledLineIsSkippedNotFatal) {
  TempDir tmp;
  Ledger ledger(tmp.path());
  ASSERT_TRUE(ledger.append(costOn("2026-11-28", 2000, 10, 1), "2026-11-28"));
  appendRaw(tmp.path() / "2026-11-28.jsonl", "00000000 {\"kind\":\"cost\"}\nnot a line\n");
  appendRaw(tmp.path() / "2026-11-28.jsonl", checksummedLine(R"({"kind":"cost","to":"x"})"));
  appendRaw(tmp.path() / "2026-11-28.jsonl", checksummedLine(R"({"kind":"mystery"})"));
  ASSERT_TRUE(ledger.append(costOn("2026-11-28", 3000, 10, 1), "2026-11-28"));
  auto contents = ledger.load();
  ASSERT_TRUE(contents);
  EXPECT_EQ(contents->skippedLines, 4);
  EXPECT_DOUBLE_EQ(contents->days.at("2026-11-28").costYen.at("compute"), 20);
}

LedgerContents mustLoad(const Ledger& ledger) {
  auto contents = ledger.load();
  EXPECT_TRUE(contents) << contents.error().message;
  return contents ? *contents : LedgerContents{};
}

void expectSameTotals(const LedgerContents& a, const LedgerContents& b) {
  ASSERT_EQ(a.days.size(), b.days.size());
  for (const auto& [day, totals] : a.days) {
    const auto& other = b.days.at(day);
    EXPECT_EQ(totals.costYen, other.costYen) << day;
    EXPECT_EQ(totals.instanceHours, other.instanceHours) << day;
    EXPECT_EQ(totals.storageGibHours, other.storageGibHours) << day;
    EXPECT_EQ(totals.egressBytes, other.egressBytes) << day;
    ASSERT_EQ(totals.labor.size(), other.labor.size()) << day;
    for (const auto& [name, labor] : totals.labor) {
      EXPECT_EQ(labor.runs, other.labor.at(name).runs);
      EXPECT_EQ(labor.yen, other.labor.at(name).yen);
    }
  }
  EXPECT_EQ(a.lastAccrualUnix, b.lastAccrualUnix);
}

void fillFourDays(Ledger& ledger) {
  double to = 1000;
  for (const auto* day : {"2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28"}) {
    for (int i = 0; i < 3; ++i) {
      to += 100;
      ASSERT_TRUE(ledger.append(costOn(day, to, 1.5, 0.25, to), day));
    }
    ASSERT_TRUE(ledger.append(runOn(day, "purge", true), day));
  }
}

TEST(Ledger, CompactionKeepsEveryTotalAndTheLastTwoDayFiles) {
  TempDir tmp;
  Ledger ledger(tmp.path());
  fillFourDays(ledger);
  const auto before = mustLoad(ledger);
  ASSERT_TRUE(ledger.compact("2026-11-28"));
  EXPECT_FALSE(fs::exists(tmp.path() / "2026-11-25.jsonl"));
  EXPECT_FALSE(fs::exists(tmp.path() / "2026-11-26.jsonl"));
  EXPECT_TRUE(fs::exists(tmp.path() / "2026-11-27.jsonl"));
  EXPECT_TRUE(fs::exists(tmp.path() / "2026-11-28.jsonl"));
  expectSameTotals(before, mustLoad(ledger));
  EXPECT_DOUBLE_EQ(*mustLoad(ledger).lastAccrualUnix, 2200);

  ASSERT_TRUE(ledger.compact("2026-12-05"));  // everything now, and again is a no-op
  ASSERT_TRUE(ledger.compact("2026-12-05"));
  expectSameTotals(before, mustLoad(ledger));
  ASSERT_TRUE(mustLoad(ledger).cursor);
  EXPECT_DOUBLE_EQ(mustLoad(ledger).cursor->transmitBytes.at("eth0"), 2200);
}

TEST(Ledger, KeepsAutomatedAndAssistedLaborApartAndFailuresWithTheirErrors) {
  TempDir tmp;
  Ledger ledger(tmp.path());
  ASSERT_TRUE(ledger.append(runOn("2026-11-25", "purge", true, "schedule"), "2026-11-25"));
  ASSERT_TRUE(ledger.append(runOn("2026-11-25", "purge", true, "manual"), "2026-11-25"));
  ASSERT_TRUE(ledger.append(runOn("2026-11-25", "purge", false, "schedule"), "2026-11-25"));
  auto uncredited = runOn("2026-11-25", "purge", true, "schedule");
  uncredited.credited = false;  // labor.credit: changed, and it changed nothing
  uncredited.minutes = 0;
  uncredited.yen = 0;
  ASSERT_TRUE(ledger.append(uncredited, "2026-11-25"));
  const auto check = [](const LedgerContents& contents) {
    const LaborTotals& labor = contents.days.at("2026-11-25").labor.at("purge");
    EXPECT_EQ(labor.runs, 4);
    EXPECT_EQ(labor.successes, 3);
    EXPECT_EQ(labor.credited, 1);
    EXPECT_DOUBLE_EQ(labor.minutes, 15);
    EXPECT_DOUBLE_EQ(labor.yen, 1250);
    EXPECT_EQ(labor.assistedCredited, 1);
    EXPECT_DOUBLE_EQ(labor.assistedMinutes, 15);
    EXPECT_DOUBLE_EQ(labor.assistedYen, 1250);
    ASSERT_EQ(labor.failures.size(), 1u);
    EXPECT_EQ(labor.failures[0].result, "failure");
    EXPECT_EQ(labor.failures[0].error, "step \"purge\" failed: permission denied");
  };
  check(mustLoad(ledger));
  ASSERT_TRUE(ledger.compact("2026-12-05"));  // the summary keeps all of it
  EXPECT_FALSE(fs::exists(tmp.path() / "2026-11-25.jsonl"));
  check(mustLoad(ledger));
}

TEST(Ledger, ListsAtMostTenFailedRunsADayButCountsThemAll) {
  TempDir tmp;
  Ledger ledger(tmp.path());
  for (int i = 0; i < 12; ++i) {
    ASSERT_TRUE(ledger.append(runOn("2026-11-25", "purge", false), "2026-11-25"));
  }
  const LaborTotals labor = mustLoad(ledger).days.at("2026-11-25").labor.at("purge");
  EXPECT_EQ(labor.runs - labor.successes, 12);
  EXPECT_EQ(labor.failures.size(), kMaxFailedRunsPerDay);
}

TEST(Ledger, ReadsRunLinesAndSummariesWrittenBeforeTheLaborSplit) {
  TempDir tmp;
  Ledger ledger(tmp.path());
  ASSERT_TRUE(ledger.append(runOn("2026-11-25", "purge", true), "2026-11-25"));
  // What an older version wrote: no trigger, no error, no "credited" count.
  auto json = nlohmann::json::parse(
      R"({"kind":"summary","file":"2026-11-24","days":{"2026-11-24":{"labor":{"purge":)"
      R"({"runs":3,"successes":2,"minutes":30,"yen":2500}}}}})");
  auto summary = daySummaryFromJson(json);
  ASSERT_TRUE(summary) << summary.error().message;
  const LaborTotals& old = summary->days.at("2026-11-24").labor.at("purge");
  EXPECT_EQ(old.credited, 2);  // every success was credited then
  EXPECT_DOUBLE_EQ(old.minutes, 30);
  EXPECT_DOUBLE_EQ(old.assistedMinutes, 0);
  auto line = runRecordFromJson(nlohmann::json::parse(
      R"({"kind":"run","day":"2026-11-24","playbook":"p","run_id":"x","result":"success",)"
      R"("credited":true,"minutes":15,"yen":1250})"));
  ASSERT_TRUE(line) << line.error().message;
  DayTotals day;
  addRun(day, *line);
  EXPECT_DOUBLE_EQ(day.labor.at("p").minutes, 15);  // counted as it was then
}

TEST(Ledger, ACrashBetweenSummaryAndRemovalNeverCountsADayTwice) {
  TempDir tmp;
  Ledger ledger(tmp.path());
  fillFourDays(ledger);
  const auto before = mustLoad(ledger);
  const auto file = tmp.path() / "2026-11-25.jsonl";
  const auto saved = readFile(file);
  ASSERT_TRUE(ledger.compact("2026-11-28"));
  writeFile(file, saved);  // as if the process died before removing it

  expectSameTotals(before, mustLoad(ledger));
  ASSERT_TRUE(ledger.compact("2026-11-28"));
  EXPECT_FALSE(fs::exists(file));
  expectSameTotals(before, mustLoad(ledger));
}

TEST(Ledger, ATornSummaryLineLeavesTheDayFileToCount) {
  TempDir tmp;
  Ledger ledger(tmp.path());
  fillFourDays(ledger);
  const auto before = mustLoad(ledger);
  // The summary append was cut short: half a line, day file still there.
  appendRaw(tmp.path() / "days.jsonl", R"(1234abcd {"kind":"summary","file":"2026-1)");
  expectSameTotals(before, mustLoad(ledger));
  ASSERT_TRUE(ledger.compact("2026-11-28"));
  expectSameTotals(before, mustLoad(ledger));
}

TEST(Ledger, RejectsABadCompactionDate) {
  TempDir tmp;
  Ledger ledger(tmp.path());
  EXPECT_FALSE(ledger.compact("2026-13-01"));
  EXPECT_FALSE(isLedgerDate("2026-02-29"));
  EXPECT_TRUE(isLedgerDate("2028-02-29"));
  EXPECT_FALSE(isLedgerDate("2026-1-01"));
}

TEST(Ledger, IgnoresOtherFilesInTheFolder) {
  TempDir tmp;
  Ledger ledger(tmp.path());
  writeFile(tmp.path() / "notes.txt", "hello");
  writeFile(tmp.path() / "2026-11-28.jsonl.tmp", "junk");
  ASSERT_TRUE(ledger.append(costOn("2026-11-28", 2000, 10, 1), "2026-11-28"));
  auto contents = mustLoad(ledger);
  EXPECT_EQ(contents.skippedLines, 0);
  EXPECT_DOUBLE_EQ(contents.days.at("2026-11-28").costYen.at("compute"), 10);
}


TEST(Ledger, KeepsTheHighestRunSeqThroughCompactionAndSkipsWhatItHolds) {
  TempDir dir;
  Ledger ledger(dir.path());
  RunRecordLine first = runOn("2026-11-01", "p", true);
  first.seq = 5;
  ASSERT_EQ(*ledger.appendRuns({first}, "2026-11-01"), 1u);
  ASSERT_TRUE(ledger.compact("2026-11-28"));
  EXPECT_EQ(*ledger.lastRunSeq(), 5u);
  RunRecordLine second = runOn("2026-11-28", "p", true);
  second.seq = 6;
  EXPECT_EQ(*ledger.appendRuns({first, second}, "2026-11-28"), 1u);
  EXPECT_EQ(*ledger.appendRuns({first, second}, "2026-11-28"), 0u);
  EXPECT_EQ(ledger.load()->total().labor.at("p").runs, 2);
}

// The engine with the ledger as the daemon wires it: runs end in the
// history, the counters and the ledger alike.
class LaborTruthTest : public unyo::testing::EngineFixture {
 protected:
  LaborTruthTest() { engine->addRunStore(recorder); }

  LaborTotals ledgerLabor(const std::string& playbook) {
    auto contents = ledger.load();
    EXPECT_TRUE(contents) << (contents ? "" : contents.error().message);
    if (!contents) return {};
    const auto total = contents->total();
    const auto it = total.labor.find(playbook);
    return it == total.labor.end() ? LaborTotals{} : it->second;
  }
  double counted(const std::string& playbook, const std::string& trigger,
                 const std::string& result) {
    playbooks::RunCounters counters(dir.path());
    auto totals = counters.load();
    EXPECT_TRUE(totals);
    if (!totals || !totals->contains(playbook)) return 0;
    const auto& runs = totals->at(playbook).runs;
    const auto it = runs.find({trigger, result});
    return it == runs.end() ? 0 : it->second;
  }
  std::string ledgerBytes() {
    std::string all;
    for (const auto& entry : fs::directory_iterator(ledger.dir())) {
      all += entry.path().filename().string() + ":" + readFile(entry.path());
    }
    return all;
  }

  Ledger ledger{ledgerDir(dir.path())};
  LaborRecorder recorder{ledger, clock};
};

const char* kLongPlaybook = R"(
name: long
labor: {manual_minutes: 30}
steps:
  - id: nap
    action: exec
    with: {argv: [sleep, "10"]}
)";

TEST_F(LaborTruthTest, AStopRecordsInterruptedRunsInAllThreeStores) {
  processes.hangOn({"sleep"}, unyo::testing::FakeProcessRunner::exited(0));
  makeEngine(1);
  engine->addRunStore(recorder);
  load(kLongPlaybook);
  auto running = engine->submit(request("long"));
  auto queued = engine->submit(request("long"));
  ASSERT_TRUE(running && queued);
  ASSERT_TRUE(runUntil([&] { return processes.hanging() == 1; }));
  engine->stop();

  const auto run = **engine->history().find(*running);
  EXPECT_EQ(run.status, playbooks::RunStatus::failure);
  EXPECT_EQ((*engine->history().find(*queued))->status, playbooks::RunStatus::rejected);
  EXPECT_EQ(counted("long", "manual", "failure"), 1);
  EXPECT_EQ(counted("long", "manual", "rejected"), 1);
  const LaborTotals labor = ledgerLabor("long");
  EXPECT_EQ(labor.runs, 1);  // the rejected run never ran its steps
  EXPECT_EQ(labor.successes, 0);
  processes.release();
  io.run_for(std::chrono::milliseconds(50));
  EXPECT_EQ(counted("long", "manual", "failure"), 1);
  EXPECT_EQ(ledgerLabor("long").runs, 1);
}

TEST_F(LaborTruthTest, RunsCutByACrashReachTheCountersAndTheLedgerOnce) {
  playbooks::RunRecord cut;
  cut.id = "cut";
  cut.playbook = "long";
  cut.status = playbooks::RunStatus::running;
  cut.createdAt = clock.now();
  cut.pid = playbooks::testing::deadPid();
  ASSERT_TRUE(engine->history().append(cut));  // then kill -9
  ASSERT_EQ(*engine->recoverInterrupted(), 1);
  EXPECT_EQ(counted("long", "manual", "failure"), 1);
  EXPECT_EQ(ledgerLabor("long").runs, 1);
  const std::string before = ledgerBytes();
  const std::string counters = readFile(dir.path() / "counters.json");
  engine->reconcile();
  ASSERT_EQ(*engine->recoverInterrupted(), 0);
  EXPECT_EQ(ledgerBytes(), before);
  EXPECT_EQ(readFile(dir.path() / "counters.json"), counters);
}

TEST_F(LaborTruthTest, ACrashAfterTheHistoryAppendIsRepairedExactlyOnce) {
  processes.onPrefix({"sleep"}, unyo::testing::FakeProcessRunner::exited(0));
  load(kLongPlaybook);
  const auto done = runToEnd(request("long"));
  ASSERT_EQ(done.status, playbooks::RunStatus::success);
  // A run another process finished and appended, dying before the stores.
  playbooks::RunRecord other = done;
  other.id = "other";
  ASSERT_TRUE(engine->history().append(other));
  EXPECT_EQ(counted("long", "manual", "success"), 1);
  EXPECT_EQ(ledgerLabor("long").runs, 1);
  for (int start = 0; start < 3; ++start) {
    makeEngine();
    engine->addRunStore(recorder);
    ASSERT_EQ(*engine->recoverInterrupted(), 0);
  }
  EXPECT_EQ(counted("long", "manual", "success"), 2);
  const LaborTotals labor = ledgerLabor("long");
  EXPECT_EQ(labor.runs, 2);
  EXPECT_EQ(labor.successes, 2);
  // request() starts runs as a person would: assisted, not automated.
  EXPECT_EQ(labor.credited, 0);
  EXPECT_EQ(labor.minutes, 0);
  EXPECT_EQ(labor.assistedCredited, 2);
  EXPECT_EQ(labor.assistedMinutes, 60);
  EXPECT_EQ(labor.assistedYen, 6000);
}

}  // namespace
}  // namespace unyo::agent
