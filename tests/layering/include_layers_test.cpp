#include <gtest/gtest.h>

#include <fstream>

#include "layering/include_rules.h"
#include "support/child_process.h"

namespace unyo::layering {
namespace {

TEST(IncludeLayersTest, TheSourceTreeHasNoUpwardOrSidewaysInclude) {
  const auto violations = checkIncludes(UNYO_SOURCE_DIR);
  std::string report;
  for (const auto& v : violations) report += v.toString() + "\n";
  EXPECT_TRUE(violations.empty()) << report;
}

TEST(IncludeLayersTest, LibrariesIncludeOnlyDownward) {
  EXPECT_EQ(whyForbidden("collectors/cpu_collector.cpp", "base/error.h"), "");
  EXPECT_EQ(whyForbidden("playbooks/engine/engine.h", "collectors/snapshot.h"), "");
  EXPECT_EQ(whyForbidden("agent/cli/daemon.cpp", "exporter/router.h"), "");
  EXPECT_NE(whyForbidden("base/logger.cpp", "collectors/snapshot.h"), "");    // upward
  EXPECT_NE(whyForbidden("collectors/sampler.cpp", "playbooks/value.h"), "");  // upward
  EXPECT_NE(whyForbidden("exporter/router.cpp", "collectors/snapshot.h"), ""); // sideways
  EXPECT_NE(whyForbidden("playbooks/value.cpp", "exporter/router.h"), "");     // sideways
  EXPECT_NE(whyForbidden("playbooks/value.cpp", "agent/config/config.h"), ""); // upward
}

TEST(IncludeLayersTest, AgentFoldersIncludeOnlyDownward) {
  EXPECT_EQ(whyForbidden("agent/web/status_page.h", "agent/daemon/self_metrics.h"), "");
  EXPECT_EQ(whyForbidden("agent/config/config.h", "agent/cost/cost_options.h"), "");
  EXPECT_EQ(whyForbidden("agent/main.cpp", "agent/cli/cli.h"), "");
  EXPECT_NE(whyForbidden("agent/daemon/sampling_loop.cpp", "agent/web/metrics_page.h"), "");
  EXPECT_NE(whyForbidden("agent/cost/ledger.cpp", "agent/report/report_data.h"), "");
  EXPECT_EQ(whyForbidden("agent/fleet/fleet_rows.h", "agent/report/report_data.h"), "");
  EXPECT_NE(whyForbidden("agent/report/report_data.h", "agent/fleet/fleet_data.h"), "");
  EXPECT_NE(whyForbidden("agent/fleet/store_client.cpp", "agent/daemon/self_metrics.h"), "");
  EXPECT_NE(whyForbidden("agent/cli/cli.cpp", "agent/main.h"), "");
}

TEST(IncludeLayersTest, PlaybookPartsDoNotReachUpToTheEngine) {
  EXPECT_EQ(whyForbidden("playbooks/triggers/alertmanager.cpp", "playbooks/engine/engine.h"), "");
  EXPECT_EQ(whyForbidden("playbooks/engine/engine.cpp", "playbooks/state/run_history.h"), "");
  EXPECT_NE(whyForbidden("playbooks/state/run_history.cpp", "playbooks/engine/engine.h"), "");
  EXPECT_NE(whyForbidden("playbooks/actions/exec_action.cpp", "playbooks/parser/x.h"), "");
  EXPECT_NE(whyForbidden("playbooks/engine/engine.cpp", "playbooks/triggers/alertmanager.h"), "");
}

TEST(IncludeLayersTest, UnitTestsSeeWhatTheirLibrarySees) {
  EXPECT_EQ(whyForbidden("tests/unit/collectors/cpu_collector_test.cpp", "fakes/fake_clock.h"), "");
  EXPECT_EQ(whyForbidden("tests/unit/collectors/cpu_collector_test.cpp", "base/clock.h"), "");
  EXPECT_NE(whyForbidden("tests/unit/collectors/cpu_collector_test.cpp", "agent/cli/cli.h"), "");
  EXPECT_EQ(whyForbidden("tests/integration/daemon_test.cpp", "agent/cli/cli.h"), "");
  // The network actions' peer server, and nothing else in their tests.
  EXPECT_EQ(whyForbidden("tests/unit/playbooks/net/test_servers.h", "exporter/router.h"), "");
  EXPECT_NE(whyForbidden("tests/unit/playbooks/net/url_test.cpp", "exporter/router.h"), "");
}

TEST(IncludeLayersTest, NamesTheFileAndLineOfAnUpwardInclude) {
  unyo::testing::TempDir tree;
  std::filesystem::create_directories(tree.path() / "collectors");
  std::ofstream(tree.path() / "collectors" / "bad.cpp")
      << "#include \"collectors/bad.h\"\n\n  #  include \"agent/cli/cli.h\"  // upward\n";
  const auto violations = checkIncludes(tree.path());
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].file, "collectors/bad.cpp");
  EXPECT_EQ(violations[0].line, 3);
  EXPECT_EQ(violations[0].included, "agent/cli/cli.h");
  EXPECT_NE(violations[0].toString().find("collectors/bad.cpp:3: includes \"agent/cli/cli.h\""),
            std::string::npos);
}

}  // namespace
}  // namespace unyo::layering
