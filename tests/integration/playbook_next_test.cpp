// `unyo playbook next` through the real binary: a playbook's schedules with
// business-day calendars, the Cabinet Office holiday list and the year-end
// closure, listed as an operator reads them.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "running_agent.h"

namespace unyo::testing {
namespace {

using namespace std::chrono_literals;

const char* kMonthlyReport = R"(name: monthly-report
triggers:
  - schedule: "30 8 * * *"
    calendar: first_business_day_of_month
  - schedule: "0 9 * * *"
    calendar: first_business_day_of_week
  - alert: {alertname: ReportNeeded}
steps:
  - id: w
    action: wait
    with: {duration: 1s}
)";

struct Outcome {
  int exitCode = -1;
  std::string out;
  std::string err;
};

class PlaybookNext {
 public:
  PlaybookNext() {
    writeFile(dir_.path() / "playbooks" / "monthly-report.yaml", kMonthlyReport);
    writeFile(dir_.path() / "unyo.yaml", std::string(kTestIdentity) + "playbooks:\n  paths: [" +
                                             (dir_.path() / "playbooks").string() +
                                             "]\n  holidays_file: " + requiredEnv("UNYO_FIXTURES") +
                                             "/data/syukujitsu-2025-2027.csv\nstate:\n  dir: " +
                                             (dir_.path() / "state").string() + "\n");
  }

  Outcome run(std::vector<std::string> args) const {
    std::vector<std::string> argv = {unyoBinary(), "--config", (dir_.path() / "unyo.yaml").string(),
                                     "playbook", "next"};
    argv.insert(argv.end(), args.begin(), args.end());
    ChildProcess child(argv, dir_.path());
    const auto code = child.waitExit(60s);
    return {code.value_or(-1), child.stdoutText(), child.stderrText()};
  }

 private:
  TempDir dir_;
};

TEST(PlaybookNextTest, ListsTheRunsOfEveryScheduleInTimeOrderInLocalTime) {
  const PlaybookNext cli;
  // 2027-01-01 to 01-03 are the year-end closure; 01-11 (Mon) is 成人の日.
  const Outcome next = cli.run({"monthly-report", "--from", "2027-01-01", "--count", "3"});
  EXPECT_EQ(next.exitCode, 0) << next.err;
  EXPECT_EQ(next.out,
            "2027-01-04 (Mon) 08:30 JST  \"30 8 * * *\" first_business_day_of_month\n"
            "2027-01-04 (Mon) 09:00 JST  \"0 9 * * *\" first_business_day_of_week\n"
            "2027-01-12 (Tue) 09:00 JST  \"0 9 * * *\" first_business_day_of_week\n");
  EXPECT_EQ(next.err, "");

  const Outcome json =
      cli.run({"monthly-report", "--from", "2027-01-01", "--count", "1", "--json"});
  ASSERT_EQ(json.exitCode, 0) << json.err;
  const auto parsed = nlohmann::json::parse(json.out, nullptr, false);
  ASSERT_FALSE(parsed.is_discarded()) << json.out;
  ASSERT_EQ(parsed["runs"].size(), 1u);
  EXPECT_EQ(parsed["runs"][0]["scheduled_at"], "2027-01-03T23:30:00Z");
  EXPECT_EQ(parsed["runs"][0]["calendar"], "first_business_day_of_month");

  const Outcome unknown = cli.run({"no-such-playbook"});
  EXPECT_EQ(unknown.exitCode, 1);
  EXPECT_EQ(unknown.err, "unyo: no playbook \"no-such-playbook\"\n");

  const Outcome badCount = cli.run({"monthly-report", "--count", "0"});
  EXPECT_EQ(badCount.exitCode, 2);
  EXPECT_EQ(badCount.err,
            "unyo playbook next: --count takes a whole number from 1 to 1000, not \"0\"\n");
}

}  // namespace
}  // namespace unyo::testing
