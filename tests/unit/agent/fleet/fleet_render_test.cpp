// The fleet report in Markdown, CSV and HTML, in Japanese and English.

#include <gtest/gtest.h>

#include "agent/fleet/fleet_data.h"
#include "agent/fleet/fleet_rows.h"
#include "support/html_outline.h"
#include "unit/agent/fleet/fleet_samples.h"

namespace unyo::agent {
namespace {

using unyo::testing::parseHtmlOutline;

// Five wards of Tokyo on the resident registry, one far above the rest.
FleetReportData sample() {
  FleetAnswers a;
  const std::vector<std::tuple<std::string, std::string, double>> wards = {
      {"131016", "千代田区", 10},
      {"131024", "中央区", 11},
      {"131032", "港区", 12},
      {"131041", "新宿区", 13},
      {"131059", "文京区", 40}};
  for (const auto& [code, name, perResident] : wards) {
    a.agent(code, "resident_registry", code == "131059" ? "Costly <Ltd> & Co" : "Vendor A", 0,
            perResident * 1000, 1, name);
    a.population(code, 1000);
    a.add(FleetQueryId::baseline, code, "resident_registry", 12000);
  }
  auto period = *fleetPeriod("2026-10", Clock::WallTime(std::chrono::seconds(1793577600)),
                             *unyo::TimeZone::load("Asia/Tokyo"));
  FleetScope scope;
  scope.prefecture = "13";
  auto data = buildFleetReport(a.answers(), period, scope);
  data.generatedAt = "2026-11-02T09:00:00+09:00";
  return data;
}

TEST(FleetRender, MarkdownInJapaneseNamesThePrefectureSystemsAndOutliers) {
  const auto md = renderFleetMarkdown(sample(), ReportLanguage::ja);
  for (const char* expected :
       {"# 団体・業務別 運用コスト報告　2026年10月", "- 対象：東京都（13）", "- 環境：本番",
        "2026年10月1日～2026年10月31日", "## 団体・業務別のコスト", "住民基本台帳", "千代田区",
        "| 団体コード", "住民1人当たり", "40.00円", "高い", "## 業務別 住民1人当たりコスト",
        "文京区（131059、Costly <Ltd> & Co）：高い 40.00円", "中央値", "12.00円", "合計",
        "86,000円"}) {
    EXPECT_NE(md.find(expected), std::string::npos) << expected << "\n" << md;
  }
}

TEST(FleetRender, MarkdownInEnglish) {
  const auto md = renderFleetMarkdown(sample(), ReportLanguage::en);
  for (const char* expected :
       {"# Fleet cost report — October 2026", "- Scope: Tokyo (13)", "Resident registry",
        "| LG code", "¥40.00", "high", "Median", "+233.3%", "Usual range"}) {
    EXPECT_NE(md.find(expected), std::string::npos) << expected << "\n" << md;
  }
  EXPECT_NE(md.find("文京区 (131059, Costly <Ltd> & Co): high ¥40.00"), std::string::npos) << md;
}

TEST(FleetRender, CsvHasABomInJapaneseAndRawNumbers) {
  const auto ja = renderFleetCsv(sample(), ReportLanguage::ja);
  EXPECT_TRUE(ja.starts_with("\xEF\xBB\xBF")) << ja.substr(0, 10);
  EXPECT_NE(ja.find("municipality,131059,文京区,resident_registry,住民基本台帳,Costly <Ltd> & "
                    "Co,1,40000,12000,28000,233.33,1000,40,high,"),
            std::string::npos)
      << ja;
  EXPECT_NE(ja.find("\r\n"), std::string::npos);
  EXPECT_NE(ja.find("system,resident_registry,住民基本台帳,5,11,12,13,8,16,"), std::string::npos)
      << ja;
  const auto en = renderFleetCsv(sample(), ReportLanguage::en);
  EXPECT_FALSE(en.starts_with("\xEF\xBB\xBF"));
  EXPECT_NE(en.find("municipality,LG code,Municipality,system,System,"), std::string::npos) << en;
  EXPECT_NE(en.find("report,month,2026-10\r\n"), std::string::npos);
  EXPECT_NE(en.find("report,partial,false\r\n"), std::string::npos);
}

TEST(FleetRender, HtmlIsWellFormedSelfContainedAndMarksTheOutlier) {
  for (const auto language : {ReportLanguage::ja, ReportLanguage::en}) {
    const auto html = renderFleetHtml(sample(), language);
    const auto outline = parseHtmlOutline(html);
    ASSERT_TRUE(outline) << outline.error();
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"));
    EXPECT_EQ(html.find("Costly <Ltd>"), std::string::npos);  // escaped
    EXPECT_NE(html.find("Costly &lt;Ltd&gt; &amp; Co"), std::string::npos);
    EXPECT_EQ(outline->named("tr").size() - outline->within("systems", "tr").size(),
              1u + 5u + 1u);  // header, five wards, total
    EXPECT_EQ(outline->within("yen-per-resident-chart", "circle", "outlier").size(), 1u);
    EXPECT_EQ(outline->within("yen-per-resident-chart", "circle", "point").size(), 4u);
    EXPECT_EQ(outline->within("cost-chart", "rect", "bar").size(), 5u);
    int outlierRows = 0;
    for (const auto* tr : outline->named("tr")) outlierRows += tr->hasClass("outlier-high") ? 1 : 0;
    EXPECT_EQ(outlierRows, 1);
  }
  const auto ja = renderFleetHtml(sample(), ReportLanguage::ja);
  EXPECT_NE(ja.find("<html lang=\"ja\">"), std::string::npos);
  EXPECT_NE(ja.find("東京都（13）"), std::string::npos);
}

TEST(FleetRender, APartialMonthAndNoRowsSaySo) {
  FleetReportData empty;
  empty.month = "2026-11";
  empty.periodFrom = "2026-11-01";
  empty.periodTo = "2026-11-02";
  empty.partial = true;
  empty.shareOfMonth = 33.0 / 720;
  empty.environment = "production";
  const auto md = renderFleetMarkdown(empty, ReportLanguage::ja);
  EXPECT_NE(md.find("月の途中です"), std::string::npos) << md;
  EXPECT_NE(md.find("この月に報告したエージェントはありません。"), std::string::npos);
  EXPECT_NE(md.find("全都道府県"), std::string::npos);
  const auto en = renderFleetMarkdown(empty, ReportLanguage::en);
  EXPECT_NE(en.find("The month is not over"), std::string::npos) << en;
  EXPECT_TRUE(parseHtmlOutline(renderFleetHtml(empty, ReportLanguage::en)));
  EXPECT_NE(renderFleetCsv(empty, ReportLanguage::en).find("report,partial,true"),
            std::string::npos);
}

}  // namespace
}  // namespace unyo::agent
