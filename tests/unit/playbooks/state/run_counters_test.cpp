#include "playbooks/state/run_counters.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "support/child_process.h"
#include "unit/playbooks/state/state_test_support.h"

namespace unyo::playbooks {
namespace {

using testing::at;
using testing::makeRun;
using unyo::testing::readFile;
using unyo::testing::TempDir;
using unyo::testing::writeFile;

RunRecord finishedRun(const std::string& playbook, RunStatus status, TriggerType trigger,
                      std::int64_t started, double seconds) {
  auto run = makeRun("r", playbook, status, at(started));
  run.trigger.type = trigger;
  run.startedAt = at(started);
  run.finishedAt = at(started) + std::chrono::duration_cast<Clock::WallTime::duration>(
                                     std::chrono::duration<double>(seconds));
  return run;
}

PlaybookTotals loadOne(RunCounters& counters, const std::string& playbook) {
  auto all = counters.load();
  EXPECT_TRUE(all) << all.error().message;
  if (!all || !all->contains(playbook)) return {};
  return all->at(playbook);
}

TEST(RunCountersTest, NoFileMeansNoTotals) {
  TempDir dir;
  RunCounters counters(dir.path());
  auto all = counters.load();
  ASSERT_TRUE(all);
  EXPECT_TRUE(all->empty());
}

TEST(RunCountersTest, CountsRunsByTriggerAndResult) {
  TempDir dir;
  RunCounters counters(dir.path());
  const auto schedule = TriggerType::schedule;
  ASSERT_TRUE(counters.record(finishedRun("p", RunStatus::success, schedule, 100, 1)));
  ASSERT_TRUE(counters.record(finishedRun("p", RunStatus::success, schedule, 200, 1)));
  ASSERT_TRUE(counters.record(finishedRun("p", RunStatus::failure, TriggerType::manual, 300, 1)));
  ASSERT_TRUE(counters.record(makeRun("r", "p", RunStatus::rejected, at(400))));
  auto limited = makeRun("r", "p", RunStatus::rateLimited, at(500));
  limited.trigger.type = TriggerType::condition;
  ASSERT_TRUE(counters.record(limited));
  ASSERT_TRUE(counters.record(finishedRun("other", RunStatus::timeout, TriggerType::alert, 1, 1)));

  const auto totals = loadOne(counters, "p");
  using Key = std::pair<std::string, std::string>;
  EXPECT_EQ(totals.runs, (std::map<Key, double>{{{"schedule", "success"}, 2},
                                                {{"manual", "failure"}, 1},
                                                {{"manual", "rejected"}, 1},
                                                {{"condition", "rate_limited"}, 1}}));
  const auto other = loadOne(counters, "other");
  EXPECT_EQ(other.runs, (std::map<Key, double>{{{"alert", "timeout"}, 1}}));
}

RunRecord credited(TriggerType trigger, double minutes, double yen) {
  auto run = finishedRun("p", RunStatus::success, trigger, 100, 1);
  run.laborCredited = true;
  run.laborMinutes = minutes;
  run.laborYen = yen;
  return run;
}

TEST(RunCountersTest, AddsLaborAsTheRunCarriesItByTrigger) {
  TempDir dir;
  RunCounters counters(dir.path());
  ASSERT_TRUE(counters.record(credited(TriggerType::schedule, 30, 2500)));
  ASSERT_TRUE(counters.record(credited(TriggerType::schedule, 30, 2500)));
  ASSERT_TRUE(counters.record(credited(TriggerType::manual, 30, 2500)));
  // The engine credits nothing to dry runs, failures and runs that changed
  // nothing under labor.credit: changed: they carry no credit.
  ASSERT_TRUE(counters.record(finishedRun("p", RunStatus::dryRun, TriggerType::manual, 300, 1)));
  ASSERT_TRUE(counters.record(finishedRun("p", RunStatus::failure, TriggerType::manual, 400, 1)));
  auto uncredited = credited(TriggerType::schedule, 30, 2500);
  uncredited.laborCredited = false;
  ASSERT_TRUE(counters.record(uncredited));
  const auto totals = loadOne(counters, "p");
  ASSERT_EQ(totals.labor.size(), 2u);
  EXPECT_EQ(totals.labor.at("schedule").minutes, 60);
  EXPECT_EQ(totals.labor.at("schedule").yen, 5000);
  EXPECT_EQ(totals.labor.at("manual").minutes, 30);
  EXPECT_EQ(totals.labor.at("manual").yen, 2500);
}

TEST(RunCountersTest, KeepsLaborTotalsOfAFileFromBeforeTheTriggerSplit) {
  TempDir dir;
  writeFile(dir.path() / "counters.json",
            R"({"version":1,"applied_seq":3,"playbooks":{"p":{"labor_minutes":45,"labor_yen":3750}}})");
  RunCounters counters(dir.path());
  ASSERT_TRUE(counters.record(credited(TriggerType::schedule, 15, 1250)));
  const auto totals = loadOne(counters, "p");
  EXPECT_EQ(totals.labor.at("unknown").minutes, 45);
  EXPECT_EQ(totals.labor.at("unknown").yen, 3750);
  EXPECT_EQ(totals.labor.at("schedule").minutes, 15);
  // Written back in the new form only, so the old totals are not added twice.
  const auto json = nlohmann::json::parse(readFile(dir.path() / "counters.json"));
  EXPECT_FALSE(json.at("playbooks").at("p").contains("labor_minutes"));
  EXPECT_EQ(loadOne(counters, "p").labor.at("unknown").minutes, 45);
}

TEST(RunCountersTest, DryRunStepFailuresAreCountedApart) {
  TempDir dir;
  RunCounters counters(dir.path());
  auto run = finishedRun("p", RunStatus::dryRun, TriggerType::manual, 100, 1);
  run.dryRun = true;
  StepRecord step;
  step.id = "probe";
  step.status = StepStatus::failed;
  run.steps = {step};
  ASSERT_TRUE(counters.record(run));
  const auto totals = loadOne(counters, "p");
  EXPECT_TRUE(totals.stepFailures.empty());
  EXPECT_EQ(totals.dryRunStepFailures, (std::map<std::string, double>{{"probe", 1}}));
}

TEST(RunCountersTest, CountsFailedAndTimedOutMainSteps) {
  TempDir dir;
  RunCounters counters(dir.path());
  auto run = finishedRun("p", RunStatus::failure, TriggerType::schedule, 100, 1);
  const auto step = [](std::string id, StepStatus status) {
    StepRecord record;
    record.id = std::move(id);
    record.status = status;
    return record;
  };
  run.steps = {step("check", StepStatus::ok), step("purge", StepStatus::failed),
               step("restart", StepStatus::timedOut), step("notify", StepStatus::skipped)};
  run.onFailureSteps = {step("page", StepStatus::failed)};
  ASSERT_TRUE(counters.record(run));
  ASSERT_TRUE(counters.record(run));
  const auto totals = loadOne(counters, "p");
  EXPECT_EQ(totals.stepFailures, (std::map<std::string, double>{{"purge", 2}, {"restart", 2}}));
}

TEST(RunCountersTest, DurationHistogramHasAnOverflowBucket) {
  TempDir dir;
  RunCounters counters(dir.path());
  const auto timed = [&](RunStatus status, double seconds) {
    ASSERT_TRUE(counters.record(finishedRun("p", status, TriggerType::manual, 1000, seconds)));
  };
  timed(RunStatus::success, 0.5);   // <= 1
  timed(RunStatus::success, 1);     // <= 1: bounds are inclusive
  timed(RunStatus::failure, 1.5);   // <= 5
  timed(RunStatus::dryRun, 3600);   // <= 3600
  timed(RunStatus::timeout, 4000);  // overflow
  ASSERT_TRUE(counters.record(makeRun("r", "p", RunStatus::skipped, at(1))));
  const auto totals = loadOne(counters, "p");
  EXPECT_EQ(totals.durationBuckets, (std::vector<std::uint64_t>{2, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1}));
  EXPECT_EQ(totals.durationCount, 5u);
  EXPECT_DOUBLE_EQ(totals.durationSum, 0.5 + 1 + 1.5 + 3600 + 4000);
}

TEST(RunCountersTest, RemembersTheLastRunAndTheLastSuccess) {
  TempDir dir;
  RunCounters counters(dir.path());
  ASSERT_TRUE(counters.record(finishedRun("p", RunStatus::success, TriggerType::manual, 1000, 10)));
  ASSERT_TRUE(counters.record(finishedRun("p", RunStatus::failure, TriggerType::manual, 2000, 10)));
  // Refused or skipped runs did not run.
  auto rejected = makeRun("r", "p", RunStatus::rejected, at(3000));
  rejected.finishedAt = at(3000);
  ASSERT_TRUE(counters.record(rejected));
  const auto totals = loadOne(counters, "p");
  EXPECT_EQ(totals.lastRunUnixSeconds, 2010);
  EXPECT_EQ(totals.lastSuccessUnixSeconds, 1010);
}

TEST(RunCountersTest, RefusesUnfinishedRuns) {
  TempDir dir;
  RunCounters counters(dir.path());
  auto recorded = counters.record(makeRun("r1", "p", RunStatus::running, at(1)));
  ASSERT_FALSE(recorded);
  EXPECT_NE(recorded.error().message.find("r1"), std::string::npos);
}

TEST(RunCountersTest, LoadReadsTheFileOnlyWhenItChanged) {
  TempDir dir;
  RunCounters counters(dir.path());
  ASSERT_TRUE(counters.record(finishedRun("p", RunStatus::success, TriggerType::manual, 1, 1)));
  ASSERT_TRUE(counters.load());
  ASSERT_TRUE(counters.load());
  EXPECT_EQ(counters.reads(), 1u);

  RunCounters otherProcess(dir.path());
  ASSERT_TRUE(otherProcess.record(finishedRun("p", RunStatus::success, TriggerType::manual, 2, 1)));
  EXPECT_EQ(loadOne(counters, "p").runs.at({"manual", "success"}), 2);
  EXPECT_EQ(counters.reads(), 2u);
}

TEST(RunCountersTest, LoadSeesAReplacedFileOfTheSameSizeAndTime) {
  TempDir dir;
  RunCounters counters(dir.path());
  ASSERT_TRUE(counters.record(credited(TriggerType::manual, 30, 0)));
  EXPECT_EQ(loadOne(counters, "p").labor["manual"].minutes, 30);

  const auto file = dir.path() / "counters.json";
  std::string text = readFile(file);
  const auto at30 = text.find("\"minutes\": 30.0");
  ASSERT_NE(at30, std::string::npos) << text;
  text.replace(at30, 15, "\"minutes\": 40.0");
  struct stat original {};
  ASSERT_EQ(::stat(file.c_str(), &original), 0);
  writeFile(dir.path() / "replacement", text);
  const struct timespec times[2] = {original.st_atim, original.st_mtim};
  ASSERT_EQ(::utimensat(AT_FDCWD, (dir.path() / "replacement").c_str(), times, 0), 0);
  std::filesystem::rename(dir.path() / "replacement", file);

  EXPECT_EQ(loadOne(counters, "p").labor["manual"].minutes, 40);
  EXPECT_EQ(counters.reads(), 2u);
}

TEST(RunCountersTest, WritesTheDocumentedFormat) {
  TempDir dir;
  RunCounters counters(dir.path());
  auto run = finishedRun("logrotate", RunStatus::success, TriggerType::schedule, 100, 2);
  run.laborCredited = true;
  run.laborMinutes = 15;
  run.laborYen = 1000;
  ASSERT_TRUE(counters.record(run));
  const auto json = nlohmann::json::parse(readFile(dir.path() / "counters.json"));
  EXPECT_EQ(json.at("version"), 1);
  const auto& totals = json.at("playbooks").at("logrotate");
  EXPECT_EQ(totals.at("runs").at("schedule").at("success"), 1);
  EXPECT_EQ(totals.at("labor").at("schedule").at("minutes"), 15);
  EXPECT_EQ(totals.at("labor").at("schedule").at("yen"), 1000);
  EXPECT_EQ(totals.at("last_success_unix_seconds"), 102);
  EXPECT_EQ(totals.at("duration_seconds").at("buckets").size(), 11u);
  EXPECT_EQ(totals.at("duration_seconds").at("count"), 1);
}

TEST(RunCountersTest, CorruptFileIsNeverOverwritten) {
  TempDir dir;
  const auto file = dir.path() / "counters.json";
  for (const std::string corrupt :
       {R"({"version":1,"playbooks":{"p":{"labor_minut)", R"({"version":2,"playbooks":{}})",
        R"({"version":1,"playbooks":{"p":{"labor_minutes":"many"}}})"}) {
    writeFile(file, corrupt);
    RunCounters counters(dir.path());
    auto recorded =
        counters.record(finishedRun("p", RunStatus::success, TriggerType::manual, 1, 1));
    ASSERT_FALSE(recorded) << corrupt;
    EXPECT_NE(recorded.error().message.find(file.string()), std::string::npos)
        << recorded.error().message;
    EXPECT_NE(recorded.error().message.find("left as it is"), std::string::npos);
    EXPECT_FALSE(counters.admitStart("p", 5, at(1)));
    auto loaded = counters.load();
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().message.find(file.string()), std::string::npos);
    EXPECT_EQ(readFile(file), corrupt);
  }
}

TEST(RunCountersTest, AdmitsAtMostMaxPerHourStarts) {
  TempDir dir;
  RunCounters counters(dir.path());
  const std::int64_t t0 = 1'800'000'000;
  const auto admit = [&](const std::string& playbook, int limit, std::int64_t seconds) {
    auto admitted = counters.admitStart(playbook, limit, at(t0 + seconds));
    EXPECT_TRUE(admitted) << admitted.error().message;
    return admitted.value_or(false);
  };
  EXPECT_TRUE(admit("p", 2, 0));
  EXPECT_TRUE(admit("p", 2, 600));
  EXPECT_FALSE(admit("p", 2, 1200));
  EXPECT_TRUE(admit("other", 2, 1200));  // limits are per playbook
  EXPECT_FALSE(admit("p", 2, 3599));
  EXPECT_TRUE(admit("p", 2, 3600));  // the start at t0 is an hour old
  EXPECT_FALSE(admit("p", 2, 3700));
  EXPECT_TRUE(admit("p", 0, 3700));  // 0: no limit
  EXPECT_EQ(loadOne(counters, "p").recentStartsUnixSeconds,
            (std::vector<double>{t0 + 600.0, t0 + 3600.0, t0 + 3700.0}));
}

TEST(RunCountersTest, StartsFromAClockSetBackDoNotBlockRuns) {
  TempDir dir;
  RunCounters counters(dir.path());
  ASSERT_TRUE(counters.admitStart("p", 1, at(2'000'000'000)).value_or(false));
  EXPECT_TRUE(counters.admitStart("p", 1, at(1'900'000'000)).value_or(false));
}

}  // namespace
}  // namespace unyo::playbooks
