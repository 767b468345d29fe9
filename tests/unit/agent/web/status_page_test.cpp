#include "agent/web/status_page.h"

#include <gtest/gtest.h>

namespace unyo::agent {
namespace {

TEST(StatusPageTest, ShowsIdentityCollectorsAndLinks) {
  StatusPageData data;
  data.identity = {"131016", "resident_registry", "production", "Example <Corp>", "aws", "", 0, ""};
  data.version = "0.1.0";
  data.configFile = "/etc/unyo/unyo.yaml";
  data.startedAtUnixSeconds = 1775001600;
  data.nowUnixSeconds = 1775001600 + 93784;
  auto snapshot = std::make_shared<collectors::Snapshot>();
  snapshot->takenAt = Clock::WallTime(std::chrono::seconds(1775001600));
  auto success = gaugeFamily("unyo_collector_success", "");
  addSample(success, 1, {{"collector", "cpu"}});
  addSample(success, 0, {{"collector", "pressure"}});
  auto duration = gaugeFamily("unyo_collector_duration_seconds", "");
  addSample(duration, 0.00125, {{"collector", "cpu"}});
  addSample(duration, 0.0005, {{"collector", "pressure"}});
  snapshot->families = {success, duration};
  data.snapshot = snapshot;

  const std::string html = renderStatusPage(data);
  EXPECT_NE(html.find("resident_registry (住民基本台帳)"), std::string::npos);
  EXPECT_NE(html.find("131016"), std::string::npos);
  EXPECT_NE(html.find("Example &lt;Corp&gt;"), std::string::npos);  // escaped
  EXPECT_EQ(html.find("Example <Corp>"), std::string::npos);
  EXPECT_NE(html.find("1d 2h 3m"), std::string::npos);
  EXPECT_NE(html.find("<td>cpu</td><td class=ok>ok</td><td>1.25 ms</td>"), std::string::npos);
  EXPECT_NE(html.find("<td>pressure</td><td class=bad>failing</td>"), std::string::npos);
  EXPECT_NE(html.find("href=\"/metrics\""), std::string::npos);
  EXPECT_NE(html.find("href=\"/readyz\""), std::string::npos);
}

TEST(StatusPageTest, ShowsTheCostAgainstTheBaselineWhenThereIsACostModel) {
  StatusPageData data;
  data.identity = {"131016", "resident_registry", "production", "", "aws", "", 0, ""};
  EXPECT_EQ(renderStatusPage(data).find("<h2>Cost</h2>"), std::string::npos);

  data.cost = StatusPageCost{500, 365000, 350000, "vendor <estimate>", 1234567.4, 2, 4};
  const std::string html = renderStatusPage(data);
  EXPECT_NE(html.find("<h2>Cost</h2>"), std::string::npos);
  EXPECT_NE(html.find("¥500 per hour"), std::string::npos) << html;
  EXPECT_NE(html.find("¥365,000 per month at this rate (+4.3% against the baseline)"),
            std::string::npos) << html;
  EXPECT_NE(html.find("¥350,000 per month — vendor &lt;estimate&gt;"), std::string::npos) << html;
  EXPECT_NE(html.find("¥1,234,567 since the ledger began"), std::string::npos) << html;
  EXPECT_NE(html.find("4 → 2 vCPUs"), std::string::npos) << html;
}

TEST(StatusPageTest, WorksBeforeTheFirstSample) {
  StatusPageData data;
  data.identity.system = "other";
  const std::string html = renderStatusPage(data);
  EXPECT_NE(html.find("none yet"), std::string::npos);
  EXPECT_EQ(html.find("<h2>Collectors</h2>"), std::string::npos);
}

TEST(StatusPageTest, UptimeFormats) {
  EXPECT_EQ(formatUptime(0), "0m 0s");
  EXPECT_EQ(formatUptime(59), "0m 59s");
  EXPECT_EQ(formatUptime(3600), "1h 0m");
  EXPECT_EQ(formatUptime(93784), "1d 2h 3m");
  EXPECT_EQ(formatUptime(-5), "0m 0s");
}

TEST(StatusPageTest, EscapesHtml) {
  EXPECT_EQ(htmlEscape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

}  // namespace
}  // namespace unyo::agent
