#include "playbooks/process/asio_process_runner.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <pwd.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <filesystem>
#include <sstream>

#include "playbooks/process/orphans.h"
#include "support/child_process.h"
#include "unit/playbooks/process/coroutine_support.h"

namespace unyo::playbooks {
namespace {

using std::chrono::milliseconds;

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Reaps every member of group `pgid` that became our child (the test is a
// child subreaper) and checks each was killed, not left to finish; then no
// process of the group may remain.
void expectGroupGone(pid_t pgid) {
  int status = 0;
  pid_t member = 0;
  while ((member = ::waitpid(-pgid, &status, 0)) > 0) {
    EXPECT_TRUE(WIFSIGNALED(status)) << "member " << member << " was not killed";
  }
  EXPECT_EQ(::kill(-pgid, 0), -1);
  EXPECT_EQ(errno, ESRCH);
}

class AsioProcessRunnerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Grandchildren re-parent to the test, so it can see how they ended.
    ASSERT_TRUE(becomeChildSubreaper());
  }

  Expected<ProcessResult> run(ProcessSpec spec) {
    return testing::runToCompletion(io_, runner_.run(std::move(spec)));
  }
  static ProcessSpec spec(std::vector<std::string> argv) {
    ProcessSpec s;
    s.argv = std::move(argv);
    s.timeout = std::chrono::minutes(1);
    return s;
  }

  boost::asio::io_context io_;
  testing::FakeClock clock_;
  Logger log_{clock_, LogLevel::error, LogFormat::logfmt, -1};
  AsioProcessRunner runner_{io_.get_executor(), log_};
};

TEST_F(AsioProcessRunnerTest, CapturesStdout) {
  auto r = run(spec({"echo", "hello", "world"}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->stdoutText, "hello world\n");
  EXPECT_EQ(r->stderrText, "");
  EXPECT_EQ(r->exitCode, 0);
  EXPECT_TRUE(r->succeeded());
  EXPECT_FALSE(r->stdoutTruncated);
}

TEST_F(AsioProcessRunnerTest, ReportsExitCodeAndStderr) {
  auto r = run(spec({"sh", "-c", "echo out; echo oops >&2; exit 3"}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->exitCode, 3);
  EXPECT_EQ(r->signal, 0);
  EXPECT_EQ(r->stdoutText, "out\n");
  EXPECT_EQ(r->stderrText, "oops\n");
  EXPECT_FALSE(r->succeeded());
}

TEST_F(AsioProcessRunnerTest, ReportsTheSignalThatEndedIt) {
  auto r = run(spec({"sh", "-c", "kill -KILL $$"}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->signal, SIGKILL);
  EXPECT_FALSE(r->timedOut);
  EXPECT_FALSE(r->succeeded());
}

TEST_F(AsioProcessRunnerTest, CapsOutputAndReadsTheRestSoTheChildFinishes) {
  ProcessSpec s = spec({"sh", "-c", "head -c 1048576 /dev/zero | tr '\\0' x; echo finished >&2"});
  s.outputCap = 1000;
  auto r = run(std::move(s));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->exitCode, 0);
  EXPECT_EQ(r->stderrText, "finished\n");  // wrote all 1 MiB without blocking
  EXPECT_TRUE(r->stdoutTruncated);
  EXPECT_FALSE(r->stderrTruncated);
  EXPECT_EQ(r->stdoutText, std::string(1000, 'x') + "\n[... output truncated at 1000 bytes ...]\n");
}

TEST_F(AsioProcessRunnerTest, EnvironmentIsMinimal) {
  ::setenv("UNYO_TEST_INHERITED", "leak", 1);
  ProcessSpec s = spec({"env"});
  s.env = {{"FOO", "bar baz"}};
  auto r = run(std::move(s));
  ::unsetenv("UNYO_TEST_INHERITED");
  ASSERT_TRUE(r) << r.error().message;
  auto env = lines(r->stdoutText);
  std::sort(env.begin(), env.end());
  EXPECT_EQ(env, (std::vector<std::string>{
                     "FOO=bar baz", "LANG=C.UTF-8",
                     "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}));
}

TEST_F(AsioProcessRunnerTest, FeedsStdin) {
  ProcessSpec s = spec({"cat"});
  s.stdinData = "line one\nline two\n";
  auto r = run(std::move(s));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->stdoutText, "line one\nline two\n");
}

TEST_F(AsioProcessRunnerTest, FeedsStdinLargerThanThePipe) {
  ProcessSpec s = spec({"wc", "-c"});
  s.stdinData = std::string(1 << 20, 'y');
  auto r = run(std::move(s));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->stdoutText, "1048576\n");
}

TEST_F(AsioProcessRunnerTest, SurvivesAChildThatDoesNotReadStdin) {
  // Writing to a pipe nobody reads raises SIGPIPE; the test process lives on.
  ProcessSpec s = spec({"true"});
  s.stdinData = std::string(1 << 20, 'y');
  auto r = run(std::move(s));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->exitCode, 0);
}

TEST_F(AsioProcessRunnerTest, StdinIsDevNullByDefault) {
  auto r = run(spec({"sh", "-c", "cat; readlink /proc/self/fd/0"}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->stdoutText, "/dev/null\n");
}

TEST_F(AsioProcessRunnerTest, RunsInTheWorkingDirectory) {
  testing::TempDir dir;
  ProcessSpec s = spec({"pwd", "-P"});
  s.workingDirectory = dir.path();
  auto r = run(std::move(s));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->stdoutText, std::filesystem::canonical(dir.path()).string() + "\n");

  auto root = run(spec({"pwd", "-P"}));
  ASSERT_TRUE(root);
  EXPECT_EQ(root->stdoutText, "/\n");
}

TEST_F(AsioProcessRunnerTest, MissingWorkingDirectoryIsAnError) {
  ProcessSpec s = spec({"true"});
  s.workingDirectory = "/nonexistent/unyo";
  auto r = run(std::move(s));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "cwd \"/nonexistent/unyo\": No such file or directory");
}

TEST_F(AsioProcessRunnerTest, TimeoutKillsTheWholeProcessTree) {
  ProcessSpec s = spec({"sh", "-c", "echo $$; sleep 30 & sleep 30"});
  s.timeout = milliseconds(200);
  s.killGrace = milliseconds(200);
  auto r = run(std::move(s));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->timedOut);
  EXPECT_FALSE(r->succeeded());
  EXPECT_EQ(r->signal, SIGTERM);
  const pid_t pgid = std::stoi(r->stdoutText);
  expectGroupGone(pgid);
}

TEST_F(AsioProcessRunnerTest, TimeoutEscalatesToSigkill) {
  ProcessSpec s = spec({"sh", "-c", "trap '' TERM; echo $$; sleep 30 & sleep 30"});
  s.timeout = milliseconds(200);
  s.killGrace = milliseconds(200);
  auto r = run(std::move(s));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->timedOut);
  EXPECT_EQ(r->signal, SIGKILL);
  expectGroupGone(std::stoi(r->stdoutText));
}

TEST_F(AsioProcessRunnerTest, KillsWhatASuccessfulCommandLeftBehind) {
  auto r = run(spec({"sh", "-c", "sleep 10 & echo $$ $!"}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->succeeded());
  std::istringstream pids(r->stdoutText);
  pid_t pgid = 0;
  pid_t grandchild = 0;
  pids >> pgid >> grandchild;
  ASSERT_GT(grandchild, 0);
  expectGroupGone(pgid);
  EXPECT_EQ(::kill(grandchild, 0), -1);
}

TEST_F(AsioProcessRunnerTest, DoesNotWaitForAProcessThatLeftTheGroup) {
  // The escapee holds stdout open; the leader exits only once it has left
  // the group (its pgid, field 5 of /proc/PID/stat, is no longer ours).
  auto r =
      run(spec({"sh", "-c",
                "setsid sleep 30 & pid=$!; "
                "while [ \"$(cut -d' ' -f5 /proc/$pid/stat)\" = $$ ]; do :; done; echo $pid"}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->exitCode, 0);
  const pid_t escapee = std::stoi(r->stdoutText);
  EXPECT_EQ(::kill(escapee, 0), 0) << "out of the group's reach";
  ::kill(escapee, SIGKILL);
  ::waitpid(escapee, nullptr, 0);  // re-parented to the test, a subreaper
}

TEST_F(AsioProcessRunnerTest, AnEnormousTimeoutIsFine) {
  ProcessSpec s = spec({"true"});
  s.timeout = milliseconds::max();
  s.killGrace = milliseconds::max();
  auto r = run(std::move(s));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->succeeded());
}

TEST_F(AsioProcessRunnerTest, LeaksNoDescriptorIntoTheChild) {
  // Not close-on-exec: only closing everything above 2 keeps it from the child.
  const int leaky = ::open("/dev/null", O_RDONLY);
  ASSERT_GE(leaky, 3);
  auto r = run(spec({"ls", "/proc/self/fd"}));
  ::close(leaky);
  ASSERT_TRUE(r) << r.error().message;
  // 0-2, and 3: the directory ls opened to list itself.
  EXPECT_EQ(lines(r->stdoutText), (std::vector<std::string>{"0", "1", "2", "3"}));
}

TEST_F(AsioProcessRunnerTest, LeavesNoZombie) {
  auto r = run(spec({"sh", "-c", "echo $$"}));
  ASSERT_TRUE(r) << r.error().message;
  const pid_t child = std::stoi(r->stdoutText);
  EXPECT_FALSE(std::filesystem::exists("/proc/" + std::to_string(child) + "/stat"));
  EXPECT_EQ(::waitpid(child, nullptr, WNOHANG), -1);
  EXPECT_EQ(errno, ECHILD);
  EXPECT_EQ(runner_.running(), 0u);
}

TEST_F(AsioProcessRunnerTest, ProgramNotInPathIsAnError) {
  auto r = run(spec({"unyo-no-such-program"}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "exec: no such program \"unyo-no-such-program\" in PATH");

  auto absolute = run(spec({"/nonexistent/tool"}));
  ASSERT_FALSE(absolute);
  EXPECT_EQ(absolute.error().message, "exec: no such program \"/nonexistent/tool\"");
}

TEST_F(AsioProcessRunnerTest, ExecFailureInTheChildIsAnError) {
  testing::TempDir dir;
  const auto script = dir.path() / "not-a-program";
  testing::writeFile(script,
                     "\x7f"
                     "ELF garbage");
  std::filesystem::permissions(script, std::filesystem::perms::owner_all);
  auto r = run(spec({script.string()}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "exec \"" + script.string() + "\": Exec format error");
}

TEST_F(AsioProcessRunnerTest, RunAsSwitchesUserWhenRoot) {
  ProcessSpec s = spec({"sh", "-c", "id -u; id -g"});
  s.runAs = "nobody";
  auto r = run(std::move(s));
  if (::geteuid() != 0) {
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "run_as needs the agent to run as root");
    return;
  }
  ASSERT_TRUE(r) << r.error().message;
  const struct passwd* nobody = ::getpwnam("nobody");
  ASSERT_NE(nobody, nullptr);
  EXPECT_EQ(r->stdoutText,
            std::to_string(nobody->pw_uid) + "\n" + std::to_string(nobody->pw_gid) + "\n");
}

TEST_F(AsioProcessRunnerTest, RunAsUnknownUserIsAnError) {
  ProcessSpec s = spec({"true"});
  s.runAs = "unyo-no-such-user";
  auto r = run(std::move(s));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, ::geteuid() == 0 ? "run_as: no such user \"unyo-no-such-user\""
                                                : "run_as needs the agent to run as root");
}

boost::asio::awaitable<void> terminateWhenStarted(AsioProcessRunner& runner, std::size_t& seen) {
  seen = runner.running();
  runner.terminateAll();
  co_return;
}

TEST_F(AsioProcessRunnerTest, TerminateAllEndsRunningChildren) {
  std::optional<Expected<ProcessResult>> result;
  boost::asio::co_spawn(io_, testing::storeResult(runner_.run(spec({"sleep", "60"})), result),
                        boost::asio::detached);
  // Runs once the first coroutine waits for its child.
  std::size_t runningBefore = 0;
  boost::asio::co_spawn(io_, terminateWhenStarted(runner_, runningBefore), boost::asio::detached);
  io_.run();
  EXPECT_EQ(runningBefore, 1u);
  ASSERT_TRUE(result && *result);
  EXPECT_EQ((*result)->signal, SIGTERM);
  EXPECT_FALSE((*result)->timedOut);
  EXPECT_EQ(runner_.running(), 0u);
}

}  // namespace
}  // namespace unyo::playbooks
