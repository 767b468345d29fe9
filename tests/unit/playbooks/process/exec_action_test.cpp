#include "playbooks/actions/exec_action.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "fakes/fake_process_runner.h"
#include "support/child_process.h"
#include "unit/playbooks/process/coroutine_support.h"

namespace unyo::playbooks {
namespace {

Value list(std::initializer_list<const char*> items) {
  Value out = Value::list();
  for (const char* item : items) out.asList().emplace_back(item);
  return out;
}

class ExecActionTest : public ::testing::Test {
 protected:
  ActionResult run(Value with, bool dryRun = false,
                   std::chrono::milliseconds timeout = std::chrono::minutes(1)) {
    ActionRequest request;
    request.with = std::move(with);
    request.dryRun = dryRun;
    request.timeout = timeout;
    auto action = execActionDescriptor().create();
    return testing::runToCompletion(system_.io, action->run(request, system_.access));
  }
  static Value argv(std::initializer_list<const char*> items) {
    Value with = Value::map();
    with.set("argv", list(items));
    return with;
  }

  testing::TestSystem system_;  // with a real AsioProcessRunner
};

TEST_F(ExecActionTest, RunsAndReportsEverything) {
  const ActionResult r = run(argv({"sh", "-c", "echo hi; echo note >&2"}));
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(r.changed);
  EXPECT_EQ(r.output.find("exit_code")->asInt(), 0);
  EXPECT_EQ(r.output.find("signal")->asInt(), 0);
  EXPECT_FALSE(r.output.find("timed_out")->asBool());
  EXPECT_EQ(r.output.find("stdout")->asString(), "hi\n");
  EXPECT_EQ(r.output.find("stderr")->asString(), "note\n");
  EXPECT_FALSE(r.output.find("stdout_truncated")->asBool());
  EXPECT_FALSE(r.output.find("stderr_truncated")->asBool());
  EXPECT_TRUE(r.output.find("duration_ms")->isInt());
  EXPECT_EQ(r.summary, "ran sh -c 'echo hi; echo note >&2': exited with status 0");
}

TEST_F(ExecActionTest, PassesEnvStdinAndCwd) {
  testing::TempDir dir;
  Value with = argv({"sh", "-c", "echo \"$GREETING\"; cat; pwd -P"});
  Value env = Value::map();
  env.set("GREETING", "konnichiwa");
  with.set("env", env);
  with.set("stdin", "from stdin\n");
  with.set("cwd", dir.path().string());
  const ActionResult r = run(with);
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.output.find("stdout")->asString(),
            "konnichiwa\nfrom stdin\n" + std::filesystem::canonical(dir.path()).string() + "\n");
}

TEST_F(ExecActionTest, AnUnexpectedExitCodeFailsWithTheLastLineOfStderr) {
  const ActionResult r = run(argv({"sh", "-c", "echo starting >&2; echo disk full >&2; exit 3"}));
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(r.changed);
  EXPECT_EQ(r.error, "exited with status 3: disk full");
  EXPECT_EQ(r.output.find("exit_code")->asInt(), 3);
}

TEST_F(ExecActionTest, OkExitCodesDecideSuccess) {
  Value with = argv({"sh", "-c", "exit 3"});
  with.set("ok_exit_codes", list({"0", "3"}));
  EXPECT_TRUE(run(with).ok);
  with.set("ok_exit_codes", list({"three"}));
  EXPECT_EQ(run(with).error, "\"ok_exit_codes\": expected exit codes 0-255, got \"three\"");
}

TEST_F(ExecActionTest, OutputCapApplies) {
  Value with = argv({"sh", "-c", "printf 0123456789"});
  with.set("output_cap", "4");
  const ActionResult r = run(with);
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(r.output.find("stdout_truncated")->asBool());
  EXPECT_EQ(r.output.find("stdout")->asString(), "0123\n[... output truncated at 4 bytes ...]\n");
}

TEST_F(ExecActionTest, TimeoutFailsTheStep) {
  const ActionResult r = run(argv({"sleep", "60"}), false, std::chrono::milliseconds(200));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "timed out after 200ms");
  EXPECT_TRUE(r.output.find("timed_out")->asBool());
}

TEST_F(ExecActionTest, DryRunRunsNothing) {
  testing::TempDir dir;
  const std::string target = (dir.path() / "created by exec").string();
  Value with = Value::map();
  Value args = list({"touch"});
  args.asList().emplace_back(target);
  with.set("argv", args);
  const ActionResult r = run(with, true);
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_FALSE(r.changed);
  EXPECT_EQ(r.summary, "would run: touch '" + target + "'");
  EXPECT_EQ(r.output.find("would_run")->asList().size(), 2u);
  EXPECT_FALSE(std::filesystem::exists(target));

  // The same step for real does create it: the check above means something.
  EXPECT_TRUE(run(with).ok);
  EXPECT_TRUE(std::filesystem::exists(target));
}

TEST_F(ExecActionTest, ExplainsWhatIsWrongWithTheStep) {
  EXPECT_EQ(run(Value::map()).error, "\"argv\" is required");
  EXPECT_EQ(run(argv({})).error, "\"argv\" must name a program");
  const ActionResult missing = run(argv({"unyo-no-such-program", "x"}));
  EXPECT_FALSE(missing.ok);
  EXPECT_FALSE(missing.changed);
  EXPECT_EQ(missing.error, "exec: no such program \"unyo-no-such-program\" in PATH");
  Value badEnv = argv({"true"});
  badEnv.set("env", "FOO=bar");
  EXPECT_EQ(run(badEnv).error, "\"env\": expected a map of NAME: value");
}

TEST(ExecActionFakeTest, HandsTheStepTimeoutAndOptionsToTheRunner) {
  testing::FakeProcessRunner processes;
  processes.onPrefix({"backup"}, testing::FakeProcessRunner::exited(0));
  testing::TestSystem system(processes);
  ActionRequest request;
  request.with = Value::map();
  Value args = Value::list();
  args.asList().emplace_back("backup");
  request.with.set("argv", args);
  request.with.set("run_as", "backup");
  request.with.set("output_cap", "1KiB");
  request.timeout = std::chrono::seconds(90);
  auto action = execActionDescriptor().create();
  const ActionResult r = testing::runToCompletion(system.io, action->run(request, system.access));
  EXPECT_TRUE(r.ok) << r.error;
  ASSERT_EQ(processes.specs().size(), 1u);
  const ProcessSpec& spec = processes.specs().front();
  EXPECT_EQ(spec.timeout, std::chrono::seconds(90));
  EXPECT_EQ(spec.runAs, "backup");
  EXPECT_EQ(spec.outputCap, 1024u);
}

}  // namespace
}  // namespace unyo::playbooks
