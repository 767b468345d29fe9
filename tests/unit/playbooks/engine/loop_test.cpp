// Steps with `loop:` and {{ vars.* }} in the run's scope, through the
// engine with fake processes: one result per item, `when` and retries per
// item, the aggregate later steps read, the bounds, and the record as
// runs.jsonl keeps it.

#include <nlohmann/json.hpp>

#include "playbooks/engine/step_loop.h"
#include "unit/playbooks/engine/engine_test_support.h"

namespace unyo::playbooks {
namespace {

using testing::EngineFixture;
using testing::FakeProcessRunner;
using LoopTest = EngineFixture;

std::vector<std::string> argv(std::initializer_list<std::string> words) { return words; }

TEST_F(LoopTest, AStepRunsOnceForEachItemWithItsIndex) {
  processes.onPrefix({"echo"}, FakeProcessRunner::exited(0, "done"));
  load(R"(
name: loops
steps:
  - id: each
    action: exec
    loop: [/var/log/a, /var/log/b, /var/log/c]
    with: {argv: [echo, "{{ item }}", "{{ loop.index }}/{{ loop.length }}"]}
)");
  const RunRecord run = runToEnd(request("loops"));
  ASSERT_EQ(run.status, RunStatus::success) << run.error;
  ASSERT_EQ(processes.argvs().size(), 3u);
  EXPECT_EQ(processes.argvs()[0], argv({"echo", "/var/log/a", "1/3"}));
  EXPECT_EQ(processes.argvs()[2], argv({"echo", "/var/log/c", "3/3"}));
  const StepRecord& step = run.steps.at(0);
  EXPECT_TRUE(step.looped);
  ASSERT_EQ(step.items.size(), 3u);
  EXPECT_EQ(step.items[1].item, Value("/var/log/b"));
  EXPECT_EQ(step.items[1].status, StepStatus::ok);
  EXPECT_EQ(step.items[1].output.find("stdout")->asString(), "done");
  EXPECT_EQ(step.status, StepStatus::ok);
  EXPECT_EQ(step.summary, "3 items: 3 ok (3 changed)");
}

TEST_F(LoopTest, WhenIsEvaluatedPerItem) {
  processes.onPrefix({"rm"}, FakeProcessRunner::exited(0));
  load(R"(
name: loops
steps:
  - id: each
    action: exec
    loop: [keep, drop, drop]
    when: 'item == "drop"'
    with: {argv: [rm, "{{ item }}-{{ loop.index0 }}"]}
)");
  const RunRecord run = runToEnd(request("loops"));
  ASSERT_EQ(run.status, RunStatus::success) << run.error;
  EXPECT_EQ(processes.argvs(),
            (std::vector<std::vector<std::string>>{{"rm", "drop-1"}, {"rm", "drop-2"}}));
  const StepRecord& step = run.steps.at(0);
  EXPECT_EQ(step.items.at(0).status, StepStatus::skipped);
  EXPECT_EQ(step.items.at(1).status, StepStatus::ok);
  EXPECT_EQ(step.status, StepStatus::ok);
  EXPECT_EQ(step.summary, "3 items: 2 ok, 1 skipped (2 changed)");
}

TEST_F(LoopTest, EveryItemRunsWithItsOwnRetriesAndTheFirstFailureIsNamed) {
  processes.onPrefix({"check", "bad"}, FakeProcessRunner::exited(1, "", "broken"));
  processes.onPrefix({"check"}, FakeProcessRunner::exited(0));
  load(R"(
name: loops
steps:
  - id: each
    action: exec
    loop: [good, bad, good]
    retries: 1
    retry_delay: 10ms
    with: {argv: [check, "{{ item }}"]}
  - id: after
    action: exec
    with: {argv: [check, after]}
)");
  const RunRecord run = runToEnd(request("loops"));
  EXPECT_EQ(run.status, RunStatus::failure);
  // good once, bad twice (one retry), good once; then the run stops.
  EXPECT_EQ(processes.argvs().size(), 4u);
  ASSERT_EQ(run.steps.size(), 1u);
  const StepRecord& step = run.steps[0];
  EXPECT_EQ(step.status, StepStatus::failed);
  EXPECT_EQ(step.items.at(1).attempts, 2);
  EXPECT_EQ(step.items.at(2).status, StepStatus::ok);
  EXPECT_EQ(step.attempts, 2);
  EXPECT_EQ(step.error.rfind("item 2 (bad): ", 0), 0u) << step.error;
  EXPECT_NE(run.error.find("item 2 (bad)"), std::string::npos) << run.error;
}

TEST_F(LoopTest, LaterStepsReadTheAggregateAndEachResult) {
  processes.onPrefix({"probe", "b"}, FakeProcessRunner::exited(0, "changed"));
  processes.onPrefix({"probe"}, FakeProcessRunner::exited(0, "same"));
  processes.onPrefix({"report"}, FakeProcessRunner::exited(0));
  load(R"(
name: loops
steps:
  - id: probe
    action: exec
    loop: [a, b]
    with: {argv: [probe, "{{ item }}"]}
  - id: report
    action: exec
    when: steps.probe.ok and steps.probe.changed
    loop: "{{ steps.probe.results }}"
    with: {argv: [report, "{{ item.item }}", "{{ item.output.stdout }}", "{{ item.ok }}"]}
)");
  const RunRecord run = runToEnd(request("loops"));
  ASSERT_EQ(run.status, RunStatus::success) << run.error;
  const auto argvs = processes.argvs();
  ASSERT_EQ(argvs.size(), 4u);
  EXPECT_EQ(argvs[2], argv({"report", "a", "same", "true"}));
  EXPECT_EQ(argvs[3], argv({"report", "b", "changed", "true"}));
}

TEST_F(LoopTest, VarsFromTheConfigAndThePlaybookReachTheSteps) {
  processes.onPrefix({"notify"}, FakeProcessRunner::exited(0));
  Value configVars = Value::map();
  configVars.set("webhook_url", "http://hooks.example/shared");
  configVars.set("dirs", Value(Value::List{"/srv/a", "/srv/b"}));
  auto playbook = parsePlaybook(R"(
name: loops
vars:
  dirs: [/srv/own]
steps:
  - id: tell
    action: exec
    loop: "{{ vars.dirs }}"
    with: {argv: [notify, "{{ vars.webhook_url }}", "{{ item }}"]}
)",
                                "test.yaml", &configVars);
  ASSERT_TRUE(playbook) << playbook.error().toString();
  std::vector<Playbook> list;
  list.push_back(std::move(*playbook));
  engine->setPlaybooks(std::move(list));
  const RunRecord run = runToEnd(request("loops"));
  ASSERT_EQ(run.status, RunStatus::success) << run.error;
  // The playbook's own dirs replace the config's; the url comes from the config.
  EXPECT_EQ(processes.argvs(), (std::vector<std::vector<std::string>>{
                                   {"notify", "http://hooks.example/shared", "/srv/own"}}));
}

TEST_F(LoopTest, ALoopOverSomethingElseThanAListFailsTheStep) {
  load(R"(
name: loops
steps:
  - id: first
    action: exec
    with: {argv: [printf, x]}
  - id: each
    action: exec
    loop: "{{ steps.first.output.stdout }}"
    with: {argv: [echo, "{{ item }}"]}
)");
  processes.onPrefix({"printf"}, FakeProcessRunner::exited(0, "not a list"));
  const RunRecord run = runToEnd(request("loops"));
  EXPECT_EQ(run.status, RunStatus::failure);
  ASSERT_EQ(run.steps.size(), 2u);
  EXPECT_EQ(run.steps[1].status, StepStatus::failed);
  EXPECT_EQ(run.steps[1].error, "loop: expected a list, got \"not a list\"");
  EXPECT_TRUE(run.steps[1].items.empty());
  EXPECT_EQ(processes.argvs().size(), 1u);
}

TEST_F(LoopTest, AnEmptyLoopSkipsTheStep) {
  Value configVars = Value::map();
  configVars.set("dirs", Value::list());
  auto playbook = parsePlaybook(R"(
name: loops
steps:
  - id: each
    action: exec
    loop: "{{ vars.dirs }}"
    with: {argv: [echo, "{{ item }}"]}
)",
                                "test.yaml", &configVars);
  ASSERT_TRUE(playbook) << playbook.error().toString();
  std::vector<Playbook> list;
  list.push_back(std::move(*playbook));
  engine->setPlaybooks(std::move(list));
  const RunRecord run = runToEnd(request("loops"));
  EXPECT_EQ(run.status, RunStatus::success) << run.error;
  EXPECT_EQ(run.steps.at(0).status, StepStatus::skipped);
  EXPECT_EQ(run.steps.at(0).summary, "skipped: the loop has no items");
  EXPECT_TRUE(processes.argvs().empty());
}

TEST_F(LoopTest, ATemplatedRelativePathFailsTheStepBeforeTheActionRuns) {
  load(R"(
name: loops
params:
  dir: {type: string, default: "var/log"}
steps:
  - id: space
    action: disk.check
    with: {path: "{{ params.dir }}", max_used_ratio: 0.9}
)");
  const RunRecord run = runToEnd(request("loops"));
  EXPECT_EQ(run.status, RunStatus::failure);
  EXPECT_EQ(run.steps.at(0).error, "with: \"path\" must be an absolute path, got \"var/log\"");
}

TEST_F(LoopTest, TheItemsSurviveTheRunHistory) {
  processes.onPrefix({"echo"}, FakeProcessRunner::exited(0, "hi"));
  load(R"(
name: loops
steps:
  - id: each
    action: exec
    loop: [one, {name: two}]
    with: {argv: [echo, "item {{ item }}"]}
)");
  const RunRecord run = runToEnd(request("loops"));  // read back from runs.jsonl
  const StepRecord& step = run.steps.at(0);
  ASSERT_TRUE(step.looped);
  ASSERT_EQ(step.items.size(), 2u);
  EXPECT_EQ(step.items[0].item, Value("one"));
  ASSERT_TRUE(step.items[1].item.isMap());
  EXPECT_EQ(step.items[1].item.find("name")->asString(), "two");
  EXPECT_EQ(processes.argvs().at(1), argv({"echo", R"(item {"name":"two"})"}));
  ASSERT_TRUE(step.items[1].output.find("stdout"));
  EXPECT_EQ(step.items[1].output.find("stdout")->asString(), "hi");
  EXPECT_EQ(step.items[1].attempts, 1);
  EXPECT_TRUE(step.items[1].changed);

  const nlohmann::json json = toJson(run);
  EXPECT_EQ(json["steps"][0]["items"][1]["status"], "ok");
  auto back = runFromJson(json);
  ASSERT_TRUE(back);
  EXPECT_EQ(toJson(*back), json);
  // A step without a loop has no items in the record at all.
  RunRecord plain = run;
  plain.steps[0].looped = false;
  plain.steps[0].items.clear();
  EXPECT_FALSE(toJson(plain)["steps"][0].contains("items"));
  EXPECT_FALSE(runFromJson(toJson(plain))->steps[0].looped);
}

TEST(StepLoopTest, ALoopYieldsAtMostTheLimitOfItems) {
  WithNode loop;
  loop.data = Template::parse("{{ vars.many }}").value();
  Value scope = Value::map();
  scope.set("vars", Value::map());
  scope.find("vars")->set("many", Value(Value::List(kMaxLoopItems, Value("x"))));
  EXPECT_TRUE(loopItems(loop, scope));
  scope.find("vars")->set("many", Value(Value::List(kMaxLoopItems + 1, Value("x"))));
  auto refused = loopItems(loop, scope);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "loop: 1001 items; a step loops over at most 1000");
}

TEST(StepLoopTest, ManyItemsShareTheOutputBudget) {
  EXPECT_EQ(itemOutputBytes(16384, 1), 16384u);
  EXPECT_EQ(itemOutputBytes(16384, 16), 16384u);
  EXPECT_EQ(itemOutputBytes(16384, 32), 8192u);
  EXPECT_EQ(itemOutputBytes(16384, 1000), 262u);
  EXPECT_EQ(itemOutputBytes(100, 1000), 100u);  // never more than a step keeps
}

TEST(StepLoopTest, LoopScopeCountsFromOneAndFromZero) {
  const Value loop = loopScope(2, 3);
  EXPECT_EQ(*loop.find("index"), Value(std::int64_t{3}));
  EXPECT_EQ(*loop.find("index0"), Value(std::int64_t{2}));
  EXPECT_EQ(*loop.find("length"), Value(std::int64_t{3}));
  EXPECT_EQ(*loop.find("first"), Value(false));
  EXPECT_EQ(*loop.find("last"), Value(true));
}

TEST(StepLoopTest, ARunOutOfTimeBeforeTheLastItemIsATimeout) {
  StepRecord record;
  StepItemRecord done;
  done.item = "a";
  done.attempts = 1;
  record.items.push_back(done);
  summarizeLoop(record, 3);
  EXPECT_EQ(record.status, StepStatus::timedOut);
  EXPECT_EQ(record.error, "no time left in the run for item 2 of 3");
  EXPECT_EQ(record.summary, "3 items: 1 ok, 2 not run");
}

}  // namespace
}  // namespace unyo::playbooks
