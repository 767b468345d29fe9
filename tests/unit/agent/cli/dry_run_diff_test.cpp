// What `unyo playbook run --dry-run --diff` prints under each step.

#include "agent/cli/dry_run_diff.h"

#include <gtest/gtest.h>

namespace unyo::agent {
namespace {

using playbooks::StepRecord;
using playbooks::StepStatus;
using playbooks::Value;

StepRecord dryStep(Value output) {
  StepRecord step;
  step.dryRun = true;
  step.output = std::move(output);
  return step;
}

Value cleanupOutput(int listed, std::int64_t wouldDelete) {
  Value sample = Value::list();
  for (int i = 0; i < listed; ++i) sample.asList().emplace_back("/var/log/app/" + std::to_string(i) + ".log");
  Value out = Value::map();
  out.set("sample", std::move(sample));
  out.set("would_delete", wouldDelete);
  out.set("would_remove_dirs", std::int64_t{0});
  return out;
}

TEST(DryRunDiff, ListsEveryFileACleanupWouldDelete) {
  const auto lines = dryRunDiffLines(dryStep(cleanupOutput(3, 3)));
  EXPECT_EQ(lines, (std::vector<std::string>{"delete /var/log/app/0.log", "delete /var/log/app/1.log",
                                             "delete /var/log/app/2.log"}));
}

TEST(DryRunDiff, SaysHowManyMoreThanTheListedHundred) {
  const auto lines = dryRunDiffLines(dryStep(cleanupOutput(100, 250)));
  ASSERT_EQ(lines.size(), 101u);
  EXPECT_EQ(lines.back(), "... and 150 more files (the first 100 are listed)");
}

TEST(DryRunDiff, ShowsThePayloadLineByLineAndTheCommand) {
  Value hook = Value::map();
  hook.set("url", "https://chat.example/hook");
  hook.set("would_send", "{\"text\":\"a\"}\nsecond line");
  EXPECT_EQ(dryRunDiffLines(dryStep(hook)),
            (std::vector<std::string>{"send to https://chat.example/hook:", "  {\"text\":\"a\"}",
                                      "  second line"}));
  Value service = Value::map();
  Value argv = Value::list();
  for (const char* arg : {"systemctl", "restart", "app.service"}) argv.asList().emplace_back(arg);
  service.set("would_run", std::move(argv));
  EXPECT_EQ(dryRunDiffLines(dryStep(service)),
            (std::vector<std::string>{"run systemctl restart app.service"}));
  Value script = Value::map();
  Value shell = Value::list();
  for (const char* arg : {"sh", "-c", "apt-get update\napt-get -s upgrade"}) shell.asList().emplace_back(arg);
  script.set("would_run", std::move(shell));
  EXPECT_EQ(dryRunDiffLines(dryStep(script)),
            (std::vector<std::string>{"run sh -c apt-get update", "    apt-get -s upgrade"}));
}

TEST(DryRunDiff, ALoopStepShowsEachItemsChanges) {
  StepRecord step = dryStep(Value::map());
  step.looped = true;
  for (const char* unit : {"a.service", "b.service"}) {
    playbooks::StepItemRecord item;
    item.item = Value(std::string(unit));
    Value argv = Value::list();
    for (const char* arg : {"systemctl", "restart", unit}) argv.asList().emplace_back(arg);
    item.output.set("would_run", std::move(argv));
    step.items.push_back(std::move(item));
  }
  EXPECT_EQ(dryRunDiffLines(step),
            (std::vector<std::string>{"item a.service:", "  run systemctl restart a.service",
                                      "item b.service:", "  run systemctl restart b.service"}));
}

TEST(DryRunDiff, NothingForARealRunOrASkippedStep) {
  auto real = dryStep(cleanupOutput(2, 2));
  real.dryRun = false;
  EXPECT_TRUE(dryRunDiffLines(real).empty());
  auto skipped = dryStep(cleanupOutput(2, 2));
  skipped.status = StepStatus::skipped;
  EXPECT_TRUE(dryRunDiffLines(skipped).empty());
}

}  // namespace
}  // namespace unyo::agent
