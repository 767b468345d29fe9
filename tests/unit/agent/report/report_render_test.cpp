// The monthly report's renderers: formatting helpers, Markdown and CSV
// against golden files (UNYO_UPDATE_GOLDEN=1 rewrites them), and the HTML
// page's structure through a well-formedness checker.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "agent/report/report_data.h"
#include "agent/report/report_text.h"
#include "support/child_process.h"
#include "support/html_outline.h"
#include "unit/agent/report/report_samples.h"

namespace unyo::agent {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::novemberReport;
constexpr auto en = ReportLanguage::en;
constexpr auto ja = ReportLanguage::ja;

void expectGolden(const std::string& name, const std::string& output) {
  const std::string golden = unyo::testing::requiredEnv("UNYO_FIXTURES") + "/golden/report/" + name;
  if (std::getenv("UNYO_UPDATE_GOLDEN")) unyo::testing::writeFile(golden, output);
  EXPECT_EQ(output, unyo::testing::readFile(golden)) << "golden file " << golden;
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto i = text.find(part); i != std::string::npos; i = text.find(part, i + part.size())) ++n;
  return n;
}

TEST(ReportTextTest, FormatsYenWithThousandsSeparatorsInEachLanguage) {
  EXPECT_EQ(formatYen(1234567, en), "¥1,234,567");
  EXPECT_EQ(formatYen(1234567, ja), "1,234,567円");
  EXPECT_EQ(formatYen(999.5, en), "¥1,000");  // half away from zero
  EXPECT_EQ(formatYen(-1234.4, en), "-¥1,234");
  EXPECT_EQ(formatYen(-0.2, ja), "0円");
  EXPECT_EQ(formatYen(0.125, en, 2), "¥0.13");
  EXPECT_EQ(formatSignedYen(8765.4, en), "+¥8,765");
  EXPECT_EQ(formatSignedYen(-2654.4, ja), "-2,654円");
  EXPECT_EQ(formatSignedYen(0.3, en), "¥0");
}

TEST(ReportTextTest, FormatsPercentHoursGibAndMinutes) {
  EXPECT_EQ(formatSignedPercent(12.34), "+12.3%");
  EXPECT_EQ(formatSignedPercent(-4), "-4.0%");
  EXPECT_EQ(formatSignedPercent(-0.04), "0.0%");
  EXPECT_EQ(formatPercent(18.3), "18.3%");
  EXPECT_EQ(formatHours(1234.56, en), "1,234.6 h");
  EXPECT_EQ(formatHours(720, ja), "720.0 時間");
  EXPECT_EQ(formatGib(0), "0");
  EXPECT_EQ(formatGib(0.1234), "0.123");
  EXPECT_EQ(formatGib(12.345678), "12.35");
  EXPECT_EQ(formatGib(144000), "144,000.0");
  EXPECT_DOUBLE_EQ(bytesToGib(12.5 * 1024 * 1024 * 1024), 12.5);
  EXPECT_EQ(formatMinutes(890), "890");
  EXPECT_EQ(formatMinutes(7.5), "7.5");
  EXPECT_EQ(formatNumber(1234567.891, 2), "1,234,567.89");
  EXPECT_EQ(formatNumber(-1234, 0), "-1,234");
  EXPECT_EQ(formatRaw(36000, 2), "36000");
  EXPECT_EQ(formatRaw(12.50, 2), "12.5");
  EXPECT_EQ(formatFxRate(139, en), "¥139 per USD");
  EXPECT_EQ(formatFxRate(151.5, ja), "1米ドル＝151.5円");
}

TEST(ReportTextTest, FormatsDatesAndNamesInEachLanguage) {
  EXPECT_EQ(formatDate("2026-11-01", ja), "2026年11月1日");
  EXPECT_EQ(formatDate("2026-11-01", en), "2026-11-01");
  EXPECT_EQ(formatDate("someday", ja), "someday");
  EXPECT_EQ(formatTimestamp("2026-12-01T09:00:00+09:00", en), "2026-12-01 09:00 +09:00");
  EXPECT_EQ(formatTimestamp("2026-12-01T09:00:00+09:00", ja), "2026年12月1日 09:00");
  EXPECT_EQ(formatTimestamp("2026-12-01T00:00:00Z", ja), "2026年12月1日 00:00（UTC）");
  const ReportData data = novemberReport();
  EXPECT_EQ(formatPeriod(data, en), "2026-11-01 – 2026-11-30 (30 days)");
  EXPECT_EQ(formatPeriod(data, ja), "2026年11月1日～2026年11月30日（30日間）");
  EXPECT_EQ(systemDisplayName("resident_registry", en), "Resident registry");
  EXPECT_EQ(systemDisplayName("resident_registry", ja), "住民基本台帳");
  EXPECT_EQ(systemDisplayName("in_house_tool", ja), "in_house_tool");
  EXPECT_EQ(environmentDisplayName("staging", ja), "検証");
  EXPECT_EQ(componentDisplayName("fixed", ja), "固定費");
}

TEST(ReportTextTest, EveryStandardizedSystemHasAnEnglishName) {
  for (const BusinessSystem& system : businessSystems()) {
    EXPECT_FALSE(system.nameEn.empty()) << system.id;
  }
}

TEST(ReportTextTest, EscapesHtmlAndQuotesCsvFields) {
  EXPECT_EQ(htmlEscape("a<b&c \"d\" 'e'>"), "a&lt;b&amp;c &quot;d&quot; &#39;e&#39;&gt;");
  EXPECT_EQ(csvField("plain"), "plain");
  EXPECT_EQ(csvField("a,b"), "\"a,b\"");
  EXPECT_EQ(csvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csvField(""), "");
}

TEST(MarkdownReportTest, MatchesTheGoldenFiles) {
  expectGolden("report.en.md", renderMarkdownReport(novemberReport(), en));
  expectGolden("report.ja.md", renderMarkdownReport(novemberReport(), ja));
}

TEST(CsvReportTest, MatchesTheGoldenFiles) {
  expectGolden("report.en.csv", renderCsvReport(novemberReport(), en));
  expectGolden("report.ja.csv", renderCsvReport(novemberReport(), ja));
}

TEST(CsvReportTest, EndsLinesInCrlfAndStartsJapaneseWithABom) {
  const std::string english = renderCsvReport(novemberReport(), en);
  const std::string japanese = renderCsvReport(novemberReport(), ja);
  EXPECT_TRUE(english.starts_with("section,item,value\r\n"));
  EXPECT_TRUE(japanese.starts_with("\xEF\xBB\xBF"));
  for (const std::string* csv : {&english, &japanese}) {
    EXPECT_EQ(count(*csv, "\n"), count(*csv, "\r\n"));
    EXPECT_TRUE(csv->ends_with("\r\n"));
  }
}

TEST(CsvReportTest, QuotesAPlaybookNameWithCommaAndQuote) {
  ReportData data = novemberReport();
  data.labor[0].playbook = "backup, \"nightly\"";
  EXPECT_THAT(renderCsvReport(data, en),
              HasSubstr("\r\nlabor,\"backup, \"\"nightly\"\"\",30,30,450,22500\r\n"));
}

TEST(ReportRenderTest, WithoutABaselineShowsOnlyActualCosts) {
  ReportData data = novemberReport();
  data.baselineSource.clear();
  for (auto& cost : data.costs) cost.baselineYen.reset();
  for (auto& day : data.daily) day.baselineYen.reset();
  std::string md = renderMarkdownReport(data, en);
  EXPECT_THAT(md, HasSubstr("No estimate is configured, so only actual costs are shown."));
  std::erase(md, ' ');
  EXPECT_THAT(md, HasSubstr("|Compute|¥98,765|—|—|—|"));
  EXPECT_THAT(md, HasSubstr("|**Total**|¥135,432|—|—|—|"));
  EXPECT_THAT(renderMarkdownReport(data, ja), HasSubstr("見積が設定されていないため"));
  EXPECT_THAT(renderCsvReport(data, en), HasSubstr("\r\ncost,total,135432,,,\r\n"));
  EXPECT_THAT(renderHtmlReport(data, en), Not(HasSubstr("polyline")));
}

TEST(ReportRenderTest, AMonthlyTotalBaselineIsComparedOnlyOnTheTotalRow) {
  ReportData data = novemberReport();
  for (auto& cost : data.costs) cost.baselineYen.reset();
  data.baselineTotalYen = 120000;
  const std::string csv = renderCsvReport(data, en);
  EXPECT_THAT(csv, HasSubstr("\r\ncost,compute,98765,,,\r\n"));
  EXPECT_THAT(csv, HasSubstr("\r\ncost,total,135432,120000,15432,12.86\r\n"));
  EXPECT_THAT(renderMarkdownReport(data, en), HasSubstr("only the total is compared"));
}

TEST(ReportRenderTest, NoPlaybookRunsGiveASentenceInsteadOfATable) {
  ReportData data = novemberReport();
  data.labor.clear();
  const std::string md = renderMarkdownReport(data, en);
  EXPECT_THAT(md, HasSubstr("No playbook ran in this period."));
  EXPECT_THAT(md, Not(HasSubstr("| Playbook")));
  EXPECT_THAT(renderMarkdownReport(data, ja),
              HasSubstr("この期間に実行されたプレイブックはありません。"));
  EXPECT_THAT(renderHtmlReport(data, en), HasSubstr("<p>No playbook ran in this period.</p>"));
  EXPECT_THAT(renderCsvReport(data, en), HasSubstr("\r\nlabor_total,,0,0,0,0\r\n"));
}

TEST(ReportRenderTest, RightSizingWithoutEnoughDataSaysSo) {
  ReportData data = novemberReport();
  data.rightsizing = {};
  EXPECT_THAT(renderMarkdownReport(data, en), HasSubstr("There is not enough data yet"));
  EXPECT_THAT(renderMarkdownReport(data, ja),
              HasSubstr("適正化の提案に必要なデータがまだ十分にありません"));
  EXPECT_THAT(renderHtmlReport(data, en), HasSubstr("There is not enough data yet"));
  const std::string csv = renderCsvReport(data, en);
  EXPECT_THAT(csv, HasSubstr("\r\nrightsizing,available,false\r\n"));
  EXPECT_THAT(csv, Not(HasSubstr("suggested_vcpus")));
}

// The checks every HTML page must pass, in either language.
void expectWellFormedPage(const std::string& html, const ReportData& data,
                          const std::string& lang) {
  const auto outline = unyo::testing::parseHtmlOutline(html);
  ASSERT_TRUE(outline.has_value()) << outline.error();
  const auto htmlElements = outline->named("html");
  ASSERT_EQ(htmlElements.size(), 1u);
  EXPECT_EQ(htmlElements[0]->attribute("lang"), lang);
  ASSERT_EQ(outline->named("meta").size(), 2u);
  EXPECT_EQ(outline->named("meta")[0]->attribute("charset"), "utf-8");
  EXPECT_TRUE(outline->named("script").empty());
  for (const auto& element : outline->elements) {
    EXPECT_FALSE(element.attributes.contains("src")) << element.name;
    EXPECT_FALSE(element.attributes.contains("href")) << element.name;
  }
  // The only URL is the SVG namespace, once per chart.
  EXPECT_EQ(count(html, "http://"), count(html, "xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_EQ(count(html, "https://"), 0u);
  EXPECT_EQ(count(html, "url("), 0u);

  ASSERT_NE(outline->byId("daily-cost-chart"), nullptr);
  ASSERT_NE(outline->byId("weekly-labor-chart"), nullptr);
  EXPECT_THAT(outline->byId("daily-cost-chart")->attribute("viewBox"), HasSubstr("0 0 "));
  const auto dailyBars = outline->within("daily-cost-chart", "rect", "bar");
  ASSERT_EQ(dailyBars.size(), data.daily.size());
  for (const auto* bar : dailyBars) {  // each with a <title> child
    const int index = static_cast<int>(bar - outline->elements.data());
    EXPECT_EQ(std::count_if(outline->elements.begin(), outline->elements.end(),
                            [&](const auto& e) { return e.parent == index && e.name == "title"; }),
              1);
  }
  EXPECT_EQ(outline->within("weekly-labor-chart", "rect", "bar").size(), data.weekly.size());
  EXPECT_THAT(html, Not(HasSubstr("nan")));
  EXPECT_THAT(html, Not(HasSubstr("inf\"")));
}

TEST(HtmlReportTest, IsASelfContainedWellFormedPageWithBothCharts) {
  const ReportData data = novemberReport();
  for (auto [language, lang] : {std::pair{en, "en"}, std::pair{ja, "ja"}}) {
    SCOPED_TRACE(lang);
    const std::string html = renderHtmlReport(data, language);
    expectWellFormedPage(html, data, lang);
    const auto outline = unyo::testing::parseHtmlOutline(html);
    ASSERT_TRUE(outline.has_value());
    const auto baselines = outline->within("daily-cost-chart", "polyline", "baseline");
    ASSERT_EQ(baselines.size(), 1u);
    EXPECT_EQ(count(baselines[0]->attribute("points"), ","), data.daily.size());
    // Each day's bar names its day and its yen.
    const auto titles = outline->within("daily-cost-chart", "title");
    ASSERT_EQ(titles.size(), data.daily.size() + 1);  // plus the chart's own title
    EXPECT_THAT(titles[1]->text,
                HasSubstr(language == en ? "2026-11-01: ¥3,814" : "2026年11月1日：3,814円"));
    EXPECT_THAT(outline->within("weekly-labor-chart", "title")[1]->text,
                HasSubstr(language == en ? "Week of 2026-10-26" : "2026年10月26日の週"));
  }
}

TEST(HtmlReportTest, JapanesePageUsesJapaneseLabels) {
  const std::string html = renderHtmlReport(novemberReport(), ja);
  for (const char* label : {"月次運用報告書", "住民基本台帳", "削減工数", "実績", "見積（按分）",
                            "差額", "差異率", "利用量", "適正化の提案", "円"}) {
    EXPECT_THAT(html, HasSubstr(label));
  }
  EXPECT_THAT(html, Not(HasSubstr("Labor saved")));
}

TEST(HtmlReportTest, EscapesPlaybookNamesAndSourceText) {
  ReportData data = novemberReport();
  data.labor[0].playbook = "a<b&c";
  data.baselineSource = "\"quoted\" <estimate> & co";
  const std::string html = renderHtmlReport(data, en);
  expectWellFormedPage(html, data, "en");
  EXPECT_THAT(html, HasSubstr("<td>a&lt;b&amp;c</td>"));
  EXPECT_THAT(html, Not(HasSubstr("a<b&c")));
  EXPECT_THAT(html, HasSubstr("&quot;quoted&quot; &lt;estimate&gt; &amp; co"));
}

TEST(HtmlReportTest, AllZeroDataDrawsFlatChartsWithoutDividingByZero) {
  ReportData data = novemberReport();
  for (auto& day : data.daily) day = {day.date, 0, 0.0};
  for (auto& week : data.weekly) week = {week.weekStart, 0, 0};
  const std::string html = renderHtmlReport(data, en);
  expectWellFormedPage(html, data, "en");
  EXPECT_EQ(count(html, "height=\"0\""), data.daily.size() + data.weekly.size());
}

TEST(HtmlReportTest, AnEmptyPeriodStillRendersTheCharts) {
  ReportData data = novemberReport();
  data.daily.clear();
  data.weekly.clear();
  expectWellFormedPage(renderHtmlReport(data, ja), data, "ja");
}

TEST(HtmlOutlineTest, RejectsBrokenMarkup) {
  using unyo::testing::parseHtmlOutline;
  EXPECT_TRUE(parseHtmlOutline("<p>a<br>b<br/></p><svg><rect/></svg>").has_value());
  EXPECT_FALSE(parseHtmlOutline("<p><b>x</p></b>").has_value());
  EXPECT_FALSE(parseHtmlOutline("<div><p>x</p>").has_value());
  EXPECT_FALSE(parseHtmlOutline("<p class=x>y</p>").has_value());
  EXPECT_FALSE(parseHtmlOutline("<p>a & b</p>").has_value());
  EXPECT_FALSE(parseHtmlOutline("<div/>").has_value());
  EXPECT_FALSE(parseHtmlOutline("<br></br>").has_value());
  EXPECT_FALSE(parseHtmlOutline("<p title=\"a<b\">x</p>").has_value());
}

}  // namespace
}  // namespace unyo::agent
