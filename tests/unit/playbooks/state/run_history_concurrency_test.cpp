// Several processes append while compaction runs: the flock on
// runs.jsonl.lock must keep every line.

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "playbooks/state/run_history.h"
#include "support/child_process.h"
#include "unit/playbooks/state/state_test_support.h"

namespace unyo::playbooks {
namespace {

using testing::at;
using testing::forkChild;
using testing::makeRun;
using testing::waitChild;
using unyo::testing::readFile;
using unyo::testing::TempDir;

constexpr std::size_t kMaxRuns = 100;
constexpr int kChildren = 4;
constexpr int kRunsPerChild = 200;

std::string runId(int child, int seq) {
  char id[32];
  std::snprintf(id, sizeof id, "c%d-%03d", child, seq);
  return id;
}

TEST(RunHistoryConcurrencyTest, CompactionLosesNothingAppendedByOtherProcesses) {
  TempDir dir;
  testing::Gate start;
  std::vector<pid_t> children;
  for (int child = 0; child < kChildren; ++child) {
    children.push_back(forkChild([&, child] {
      start.wait();
      RunHistory history(dir.path(), kMaxRuns);
      for (int seq = 0; seq < kRunsPerChild; ++seq) {
        auto appended = history.append(
            makeRun(runId(child, seq), "p", RunStatus::success, at(child * 1000 + seq)));
        if (!appended) {
          std::fprintf(stderr, "%s\n", appended.error().message.c_str());
          return 1;
        }
      }
      return 0;
    }));
  }
  start.open(kChildren);
  for (const pid_t pid : children) EXPECT_EQ(waitChild(pid), 0);

  // Every line parses, and each run appears once (each was appended once).
  std::istringstream lines(readFile(dir.path() / "runs.jsonl"));
  std::vector<std::string> ids;
  for (std::string line; std::getline(lines, line);) {
    const auto json = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(json.is_discarded()) << line;
    ids.push_back(json.at("id").get<std::string>());
  }
  const std::set<std::string> unique(ids.begin(), ids.end());
  EXPECT_EQ(unique.size(), ids.size());
  // Compacted at least once, and never below max_runs.
  EXPECT_GE(ids.size(), kMaxRuns);
  EXPECT_LE(ids.size(), kMaxRuns + 100);

  // The file is the newest lines of one global order. A line lost by a
  // compaction would leave a hole in its child's sequence, or (for the very
  // last line) a last line that is not some child's final run.
  std::map<int, std::vector<int>> seqsByChild;
  for (const auto& id : ids) seqsByChild[id[1] - '0'].push_back(std::stoi(id.substr(3)));
  for (const auto& [child, seqs] : seqsByChild) {
    for (std::size_t i = 0; i < seqs.size(); ++i) {
      EXPECT_EQ(seqs[i], kRunsPerChild - static_cast<int>(seqs.size() - i))
          << "child " << child << " lost a run";
    }
  }
  EXPECT_EQ(ids.back().substr(3), std::to_string(kRunsPerChild - 1));

  RunHistory history(dir.path(), kMaxRuns);
  auto runs = history.list(std::nullopt, 0);
  ASSERT_TRUE(runs);
  EXPECT_EQ(runs->size(), ids.size());
  EXPECT_EQ(history.skippedLines(), 0u);
}

}  // namespace
}  // namespace unyo::playbooks
