#include "playbooks/parser/playbook_parser.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "support/child_process.h"

namespace unyo::playbooks {
namespace {

namespace fs = std::filesystem;

fs::path fixtures() {
  const char* dir = std::getenv("UNYO_FIXTURES");
  return dir ? fs::path(dir) : fs::path("tests/fixtures");
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string withoutFileName(const Diagnostics& diagnostics, const std::string& file) {
  std::string out;
  std::istringstream lines(diagnostics.toString());
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(file + ":", 0) == 0) line = line.substr(file.size() + 1);
    out += line + "\n";
  }
  return out;
}

// tests/fixtures/playbooks/bad/NAME.yaml must produce exactly the errors in
// NAME.expected (LINE:COL: message per line).
TEST(PlaybookParserTest, EveryMalformedPlaybookReportsItsExactErrors) {
  const fs::path dir = fixtures() / "playbooks" / "bad";
  std::size_t cases = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    ++cases;
    SCOPED_TRACE(entry.path().filename().string());
    fs::path expected = entry.path();
    expected.replace_extension(".expected");
    const std::string file = entry.path().string();
    auto playbook = parsePlaybook(slurp(entry.path()), file);
    ASSERT_FALSE(playbook) << "a broken playbook was accepted";
    if (std::getenv("UNYO_UPDATE_GOLDEN")) {
      std::ofstream(expected) << withoutFileName(playbook.error(), file);
    }
    EXPECT_EQ(withoutFileName(playbook.error(), file), slurp(expected));
  }
  EXPECT_GE(cases, 30u);
}

TEST(PlaybookParserTest, TheContractExampleParsesIntoItsParts) {
  auto playbook = parsePlaybook(slurp(fixtures() / "playbooks/good/contract-example.yaml"),
                                "contract-example.yaml");
  ASSERT_TRUE(playbook) << playbook.error().toString();
  const Playbook& p = *playbook;
  EXPECT_EQ(p.name, "purge-old-logs");
  EXPECT_EQ(p.manualMinutes, 15);
  ASSERT_EQ(p.params.size(), 2u);
  EXPECT_EQ(p.params[0].name, "days");
  EXPECT_EQ(p.params[0].type, ParamType::integer);
  EXPECT_EQ(p.params[0].defaultValue, Value(std::int64_t{30}));
  EXPECT_TRUE(p.params[1].secret);
  EXPECT_EQ(p.params[1].fromFile, "/etc/unyo/secrets/token");
  ASSERT_EQ(p.triggers.size(), 3u);
  const auto& schedule = std::get<ScheduleTrigger>(p.triggers[0].kind);
  EXPECT_EQ(schedule.cronText, "0 3 * * *");
  EXPECT_EQ(schedule.calendar, Calendar::businessDays);
  EXPECT_EQ(schedule.jitter, std::chrono::minutes(5));
  const auto& condition = std::get<ConditionTrigger>(p.triggers[1].kind);
  EXPECT_EQ(condition.holdFor, std::chrono::minutes(5));
  EXPECT_EQ(condition.cooldown, std::chrono::hours(1));
  EXPECT_EQ(std::get<AlertTrigger>(p.triggers[2].kind).labels.at("alertname"), "DiskAlmostFull");
  EXPECT_EQ(p.policy.concurrency, Concurrency::forbid);
  EXPECT_EQ(p.policy.maxRunsPerHour, 4);
  EXPECT_EQ(p.policy.timeout, std::chrono::minutes(10));
  ASSERT_EQ(p.steps.size(), 3u);
  EXPECT_EQ(p.steps[1].onFailure, OnFailure::continueRun);
  EXPECT_EQ(p.steps[2].retries, 2);
  EXPECT_EQ(p.steps[2].retryDelay, std::chrono::seconds(10));
  EXPECT_EQ(p.steps[2].timeout, std::chrono::minutes(2));
  ASSERT_TRUE(p.steps[2].when);
  ASSERT_EQ(p.onFailure.size(), 1u);
  EXPECT_EQ(p.onFailure[0].action, "notify.webhook");
}

TEST(PlaybookParserTest, LoadingFindsDuplicateNamesAcrossFiles) {
  unyo::testing::TempDir dir;
  const std::string body =
      "steps:\n  - id: w\n    action: wait\n    with: {duration: 1s}\n";
  unyo::testing::writeFile(dir.path() / "a.yaml", "name: same\n" + body);
  unyo::testing::writeFile(dir.path() / "b.yml", "\nname: same\n" + body);
  unyo::testing::writeFile(dir.path() / "notes.txt", "not a playbook");
  const std::vector<fs::path> paths = {dir.path()};
  auto loaded = loadPlaybooks(paths);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().toString(), (dir.path() / "b.yml").string() +
                                           ":2:7: playbook name \"same\" is already used by " +
                                           (dir.path() / "a.yaml").string() + "\n");
}

TEST(PlaybookParserTest, LoadingReadsFoldersAndFiles) {
  unyo::testing::TempDir dir;
  const std::string body =
      "steps:\n  - id: w\n    action: wait\n    with: {duration: 1s}\n";
  unyo::testing::writeFile(dir.path() / "pb/one.yaml", "name: one\n" + body);
  unyo::testing::writeFile(dir.path() / "pb/two.yaml", "name: two\n" + body);
  unyo::testing::writeFile(dir.path() / "three.yaml", "name: three\n" + body);
  const std::vector<fs::path> paths = {dir.path() / "pb", dir.path() / "three.yaml"};
  auto loaded = loadPlaybooks(paths);
  ASSERT_TRUE(loaded) << loaded.error().toString();
  ASSERT_EQ(loaded->size(), 3u);
  EXPECT_EQ((*loaded)[0].name, "one");
  EXPECT_EQ((*loaded)[2].name, "three");
  const std::vector<fs::path> missing = {dir.path() / "nope"};
  EXPECT_FALSE(loadPlaybooks(missing));
}

}  // namespace
}  // namespace unyo::playbooks
