#include "playbooks/process/process_text.h"

#include <gtest/gtest.h>
#include <signal.h>

#include "playbooks/process/capped_output.h"

namespace unyo::playbooks {
namespace {

using std::chrono::milliseconds;

TEST(ProcessTextTest, QuotesArgumentsAShellWouldSplit) {
  const std::vector<std::string> argv{"rsync", "-a", "/srv/a b/", "it's", "", "x=1,y:2@h"};
  EXPECT_EQ(formatCommandLine(argv), "rsync -a '/srv/a b/' 'it'\\''s' '' x=1,y:2@h");
}

TEST(ProcessTextTest, DescribesEachWayAProcessEnds) {
  ProcessResult exited;
  exited.exitCode = 3;
  exited.stderrText = "warming up\nrsync: connection refused\n\n";
  EXPECT_EQ(describeOutcome(exited, milliseconds(30'000)), "exited with status 3");
  EXPECT_EQ(describeFailure(exited, milliseconds(30'000)),
            "exited with status 3: rsync: connection refused");

  ProcessResult killed;
  killed.signal = SIGKILL;
  EXPECT_EQ(describeFailure(killed, milliseconds(30'000)), "killed by signal 9 (SIGKILL)");

  ProcessResult timedOut;
  timedOut.timedOut = true;
  timedOut.signal = SIGTERM;
  EXPECT_EQ(describeOutcome(timedOut, milliseconds(30'000)), "timed out after 30s");
}

TEST(ProcessTextTest, LastLineSkipsTheTruncationMarker) {
  CappedOutput out(4);
  out.append("abc\ndefgh");
  EXPECT_EQ(lastLine(out.take()), "abc");
  EXPECT_EQ(lastLine(""), "");
  EXPECT_EQ(lastLine(std::string(300, 'x'), 10), "xxxxxxxxxx...");
  EXPECT_EQ(lastLine("ab\xe4\xb8\x80", 3), "ab...");  // never half of 一
}

TEST(CappedOutputTest, KeepsEverythingUnderTheCap) {
  CappedOutput out(10);
  out.append("hello ");
  out.append("you");
  EXPECT_FALSE(out.truncated());
  EXPECT_EQ(out.take(), "hello you");
}

TEST(CappedOutputTest, DropsTheRestAndSaysSo) {
  CappedOutput out(5);
  out.append("hello");
  EXPECT_FALSE(out.truncated());
  out.append(" world");
  EXPECT_TRUE(out.truncated());
  EXPECT_EQ(out.droppedBytes(), 6u);
  EXPECT_EQ(out.take(), "hello\n[... output truncated at 5 bytes ...]\n");
}

TEST(CappedOutputTest, DoesNotCutACharacterInTwo) {
  CappedOutput out(4);
  out.append("ab\xe4\xb8\x80z");  // "ab一z": the cap falls inside 一
  EXPECT_EQ(out.take(), "ab\n[... output truncated at 4 bytes ...]\n");
}

}  // namespace
}  // namespace unyo::playbooks
