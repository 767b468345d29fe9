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
              HasSubstr("\r\nlabor,\"backup, \"\"nightly\"\"\",32,32,450,22500,0,30,2,30,1500,450,"
                        "22500\r\n"));
}

// The Markdown report without its padding, so a row reads "|a|b|c|".
std::string unpadded(std::string markdown) {
  std::erase(markdown, ' ');
  return markdown;
}

TEST(LaborReportTest, ShowsAutomatedAndAssistedApartAndCountsOnlyAutomatedByDefault) {
  const ReportData data = novemberReport();
  const std::string md = renderMarkdownReport(data, en);
  EXPECT_THAT(unpadded(md), HasSubstr("|backup-verify|32|0|450|¥22,500|30|¥1,500|"));
  EXPECT_THAT(unpadded(md), HasSubstr("|log-purge|30|1|290|¥14,500|0|¥0|"));
  EXPECT_THAT(unpadded(md), HasSubstr("|**Total**|98|1|930|¥46,500|30|¥1,500|"));
  EXPECT_THAT(md, HasSubstr("In total, automation saved 15.5 hours (930 minutes) of operator "
                            "work, worth ¥46,500. Runs started by a person saved another 0.5 "
                            "hours (30 minutes), worth ¥1,500; they are shown apart and not "
                            "counted as saved by automation (labor.count_manual_runs: false)."));
  EXPECT_THAT(
      renderMarkdownReport(data, ja),
      HasSubstr("合計で15.5時間（930分）の運用作業を自動化し、46,500円相当の工数を削減しまし"
                "た。このほか、職員等が手動で開始した実行により0.5時間（30分）、1,500円相当"
                "を削減しましたが、自動化による削減には含めていません（labor.count_manual_"
                "runs: false）。"));
  const std::string csv = renderCsvReport(data, en);
  EXPECT_THAT(csv, HasSubstr("\r\nlabor_total,,98,97,930,46500,1,91,2,30,1500,930,46500\r\n"));
  EXPECT_THAT(csv, HasSubstr("\r\nassumption,count_manual_runs,false\r\n"));
  const std::string html = renderHtmlReport(data, en);
  EXPECT_THAT(html, HasSubstr("<td class=\"num\">¥46,500</td><td class=\"num\">30</td>"
                              "<td class=\"num\">¥1,500</td></tr>"));
  EXPECT_THAT(html, HasSubstr("not counted as saved by automation"));
}

TEST(LaborReportTest, CountingManualRunsAddsAssistedLaborToWhatAutomationSaved) {
  ReportData data = novemberReport();
  data.assumptions.countManualRuns = true;
  const std::string md = renderMarkdownReport(data, en);
  // The table keeps them apart; the sentence and the saved columns add them up.
  EXPECT_THAT(unpadded(md), HasSubstr("|**Total**|98|1|930|¥46,500|30|¥1,500|"));
  EXPECT_THAT(md, HasSubstr("In total, automation saved 16.0 hours (960 minutes) of operator "
                            "work, worth ¥48,000. This includes 0.5 hours (30 minutes), worth "
                            "¥1,500, from runs started by a person, which count as saved by "
                            "automation (labor.count_manual_runs: true)."));
  EXPECT_THAT(md, HasSubstr("- Runs started by a person counted as saved by automation: yes "
                            "(labor.count_manual_runs: true)"));
  const std::string japanese = renderMarkdownReport(data, ja);
  EXPECT_THAT(japanese, HasSubstr("合計で16.0時間（960分）の運用作業を自動化し、48,000円相当"));
  EXPECT_THAT(japanese, HasSubstr("設定（labor.count_manual_runs: true）により自動化による削減に"
                                  "含めています。"));
  EXPECT_THAT(japanese, HasSubstr("手動起動の実行を自動化による削減に含めるか：含める"));
  const std::string csv = renderCsvReport(data, en);
  EXPECT_THAT(csv,
              HasSubstr("\r\nlabor,backup-verify,32,32,450,22500,0,30,2,30,1500,480,24000\r\n"));
  EXPECT_THAT(csv, HasSubstr("\r\nlabor_total,,98,97,930,46500,1,91,2,30,1500,960,48000\r\n"));
  EXPECT_THAT(csv, HasSubstr("\r\nassumption,count_manual_runs,true\r\n"));
}

TEST(LaborReportTest, WithoutAssistedRunsTheSummaryIsOneSentence) {
  ReportData data = novemberReport();
  data.labor[0].assistedCredited = 0;
  data.labor[0].assistedMinutes = 0;
  data.labor[0].assistedYen = 0;
  const std::string md = renderMarkdownReport(data, en);
  EXPECT_THAT(md, HasSubstr("worth ¥46,500.\n\n"));
  EXPECT_THAT(md, Not(HasSubstr("started by a person saved")));
}

TEST(AssumptionsReportTest, StatesTheRateItsSourceAndEachPlaybooksRule) {
  const ReportData data = novemberReport();
  const std::string md = renderMarkdownReport(data, en);
  EXPECT_THAT(md, HasSubstr("## Assumptions behind the labor figures\n\n"));
  EXPECT_THAT(md, HasSubstr("- Hourly rate of operator work: ¥3,000 (source: 2026年度 運用保守委託 "
                            "単価表)\n"));
  EXPECT_THAT(md, HasSubstr("- Runs started by a person counted as saved by automation: no "
                            "(labor.count_manual_runs: false)\n"));
  EXPECT_THAT(unpadded(md), HasSubstr("|log-purge|Deletesapplicationlogsolderthan90days|10|"
                                      "successfulrunsthatchangedsomething|"
                                      "Operationsmanual3.1:10minaday|"));
  EXPECT_THAT(unpadded(md), HasSubstr("|cert-expiry-check|Checkstheexpiryofthepubliccertificates|"
                                      "5|everysuccessfulrun|—|"));
  const std::string japanese = renderMarkdownReport(data, ja);
  EXPECT_THAT(japanese, HasSubstr("## 削減工数の算定根拠\n\n"));
  EXPECT_THAT(japanese, HasSubstr("- 作業単価（1時間あたり）：3,000円（出典：2026年度 運用保守委託 "
                                  "単価表）\n"));
  EXPECT_THAT(unpadded(japanese), HasSubstr("|10|変更を伴った成功実行のみ|"));
  EXPECT_THAT(unpadded(japanese), HasSubstr("|5|成功した実行ごと|—|"));

  ReportData unsourced = data;
  unsourced.assumptions.hourlyRateSource.clear();
  unsourced.assumptions.hourlyRateJpy = 12345;
  EXPECT_THAT(renderMarkdownReport(unsourced, en),
              HasSubstr("- Hourly rate of operator work: ¥12,345 (source not stated)\n"));
  EXPECT_THAT(renderMarkdownReport(unsourced, ja),
              HasSubstr("- 作業単価（1時間あたり）：12,345円（出典の記載なし）\n"));
  EXPECT_THAT(renderHtmlReport(unsourced, en), HasSubstr("<dd>¥12,345 (source not stated)</dd>"));
  const std::string csv = renderCsvReport(data, en);
  EXPECT_THAT(csv, HasSubstr("\r\nassumption,hourly_rate_jpy,3000\r\n"
                             "assumption,hourly_rate_source,2026年度 運用保守委託 単価表\r\n"));
  EXPECT_THAT(csv,
              HasSubstr("\r\nplaybook_assumption,log-purge,true,Deletes application logs "
                        "older than 90 days,10,changed,Operations manual 3.1: 10 min a day\r\n"));
}

TEST(AssumptionsReportTest, AChangedCreditPlaybookThatChangedNothingShowsItsRuleAndNoLabor) {
  const ReportData data = novemberReport();
  const std::string md = unpadded(renderMarkdownReport(data, en));
  EXPECT_THAT(md, HasSubstr("|tmp-cleanup|4|0|0|¥0|0|¥0|"));
  EXPECT_THAT(md, HasSubstr("|tmp-cleanup|Emptiestheuploadstagingfolder|3|"
                            "successfulrunsthatchangedsomething|"));
  EXPECT_THAT(renderCsvReport(data, en),
              HasSubstr("\r\nlabor,tmp-cleanup,4,4,0,0,0,0,0,0,0,0,0\r\n"));
}

TEST(AssumptionsReportTest, TheJapaneseReportShowsTheJapaneseDescription) {
  const ReportData data = novemberReport();
  const std::string japanese = renderMarkdownReport(data, ja);
  EXPECT_THAT(japanese, HasSubstr("保存期間90日を過ぎたアプリケーションログを削除する"));
  EXPECT_THAT(japanese, Not(HasSubstr("Deletes application logs older than 90 days")));
  const std::string english = renderMarkdownReport(data, en);
  EXPECT_THAT(english, HasSubstr("Deletes application logs older than 90 days"));
  EXPECT_THAT(renderCsvReport(data, ja),
              HasSubstr("保存期間90日を過ぎたアプリケーションログを削除する"));
}

TEST(AssumptionsReportTest, APlaybookOnlyInTheLedgerIsListedAsUnknown) {
  const ReportData data = novemberReport();
  EXPECT_THAT(unpadded(renderMarkdownReport(data, en)),
              HasSubstr("|report-export|notamongthecurrentplaybooks|unknown|unknown|unknown|"));
  EXPECT_THAT(unpadded(renderMarkdownReport(data, ja)),
              HasSubstr("|report-export|現在のプレイブックにありません|不明|不明|不明|"));
  EXPECT_THAT(renderCsvReport(data, en),
              HasSubstr("\r\nplaybook_assumption,report-export,false,,,,\r\n"));
  EXPECT_THAT(renderHtmlReport(data, en),
              HasSubstr("<td>report-export</td><td>not among the current playbooks</td>"));
}

TEST(AssumptionsReportTest, PlaybooksThatCouldNotBeReadAreSaidSo) {
  ReportData data = novemberReport();
  data.assumptions.playbooksRead = false;
  for (auto& p : data.assumptions.playbooks) {
    ReportData::PlaybookAssumption unknown;
    unknown.playbook = p.playbook;
    p = unknown;
  }
  const std::string md = renderMarkdownReport(data, en);
  EXPECT_THAT(md, HasSubstr("The playbook files could not be read when this report was made"));
  EXPECT_THAT(unpadded(md), HasSubstr("|backup-verify|—|unknown|unknown|unknown|"));
  EXPECT_THAT(renderMarkdownReport(data, ja), HasSubstr("プレイブックを読み込めなかったため"));
  EXPECT_THAT(renderCsvReport(data, en), HasSubstr("\r\nassumption,playbooks_read,false\r\n"));

  data.assumptions.playbooks.clear();
  data.assumptions.playbooksRead = true;
  EXPECT_THAT(renderMarkdownReport(data, en), HasSubstr("No playbook is configured."));
}

TEST(FailedRunsReportTest, ListsEachFailedRunWithItsError) {
  const ReportData data = novemberReport();
  const std::string md = renderMarkdownReport(data, en);
  EXPECT_THAT(md, HasSubstr("### Runs that failed\n\n"));
  EXPECT_THAT(unpadded(md), HasSubstr("|2026-11-17|log-purge|20261117T030000-log-purge-7f3a|failed|"
                                      "steppurge:exitstatus1:rm:cannotremove'/var/log/app/old.log':"
                                      "Permissiondenied|"));
  EXPECT_THAT(unpadded(renderMarkdownReport(data, ja)),
              HasSubstr("|2026年11月17日|log-purge|20261117T030000-log-purge-7f3a|失敗|"));
  EXPECT_THAT(renderCsvReport(data, en),
              HasSubstr("\r\nfailed_run,2026-11-17,log-purge,20261117T030000-log-purge-7f3a,"
                        "failure,step purge: exit status 1: rm: cannot remove "
                        "'/var/log/app/old.log': Permission denied\r\n"));
  EXPECT_THAT(renderHtmlReport(data, en),
              HasSubstr("<td>failed</td><td>step purge: exit status 1: rm: cannot remove "
                        "&#39;/var/log/app/old.log&#39;: Permission denied</td>"));
}

TEST(FailedRunsReportTest, SaysHowManyTheLedgerCountedButDidNotKeep) {
  ReportData data = novemberReport();
  data.labor[1].runs = 42;  // log-purge: 13 failed, 1 listed
  data.failedRuns.push_back({"2026-11-18", "log-purge", "r-18", "timeout", ""});
  const std::string md = renderMarkdownReport(data, en);
  EXPECT_THAT(unpadded(md), HasSubstr("|2026-11-18|log-purge|r-18|timedout|—|"));
  EXPECT_THAT(md, HasSubstr("11 more failed runs of log-purge are counted but not listed: the "
                            "ledger keeps the details of at most 10 per playbook and day."));
  EXPECT_THAT(renderMarkdownReport(data, ja),
              HasSubstr("log-purge の失敗した実行のうち11件は、件数には含めていますが一覧には載せ"
                        "ていません"));
  EXPECT_THAT(renderHtmlReport(data, en), HasSubstr("<p>11 more failed runs of log-purge"));
  EXPECT_THAT(renderCsvReport(data, en), HasSubstr("\r\nlabor,log-purge,42,29,290,14500,13,"));
}

TEST(FailedRunsReportTest, NoFailureIsSaidInASentence) {
  ReportData data = novemberReport();
  data.labor[1].runs = data.labor[1].successes;
  data.failedRuns.clear();
  EXPECT_THAT(renderMarkdownReport(data, en), HasSubstr("No run failed in this period."));
  EXPECT_THAT(renderMarkdownReport(data, ja), HasSubstr("この期間に失敗した実行はありません。"));
  EXPECT_THAT(renderHtmlReport(data, en), HasSubstr("<p>No run failed in this period.</p>"));
  EXPECT_THAT(renderCsvReport(data, en), Not(HasSubstr("failed_run,2026")));
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
  data.failedRuns.clear();
  const std::string md = renderMarkdownReport(data, en);
  EXPECT_THAT(md, HasSubstr("No playbook ran in this period."));
  EXPECT_THAT(md, Not(HasSubstr("Automated (min)")));
  EXPECT_THAT(renderMarkdownReport(data, ja),
              HasSubstr("この期間に実行されたプレイブックはありません。"));
  EXPECT_THAT(renderHtmlReport(data, en), HasSubstr("<p>No playbook ran in this period.</p>"));
  EXPECT_THAT(renderCsvReport(data, en), HasSubstr("\r\nlabor_total,,0,0,0,0,0,0,0,0,0,0,0\r\n"));
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
    // The assumptions follow the labor they explain.
    ASSERT_NE(outline->byId("assumptions"), nullptr);
    EXPECT_LT(html.find("<section id=\"labor\">"), html.find("<section id=\"assumptions\">"));
    EXPECT_LT(html.find("<section id=\"assumptions\">"), html.find("<section id=\"cost\">"));
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
                            "差額", "差異率", "利用量", "適正化の提案", "円", "削減工数の算定根拠",
                            "手動起動（分）", "失敗した実行", "作業単価（1時間あたり）"}) {
    EXPECT_THAT(html, HasSubstr(label));
  }
  EXPECT_THAT(html, Not(HasSubstr("Labor saved")));
  EXPECT_THAT(html, Not(HasSubstr("Assumptions")));
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

TEST(HtmlReportTest, EscapesWhatPlaybooksAndErrorsSay) {
  ReportData data = novemberReport();
  auto& backup = data.assumptions.playbooks[0];
  backup.description = "<script>alert(\"x\")</script>";
  backup.basis = "runbook <b>4.2</b> & 'the vendor'";
  data.assumptions.hourlyRateSource = "<i>rates</i>";
  data.failedRuns[0].error = "<img src=x onerror=alert(1)>";
  data.failedRuns[0].runId = "r\"1";
  for (auto language : {en, ja}) {
    const std::string html = renderHtmlReport(data, language);
    expectWellFormedPage(html, data, language == en ? "en" : "ja");
    EXPECT_THAT(html, Not(HasSubstr("<script")));
    EXPECT_THAT(html, Not(HasSubstr("<img")));
    EXPECT_THAT(html, Not(HasSubstr("<b>4.2")));
    EXPECT_THAT(html, Not(HasSubstr("<i>rates")));
    EXPECT_THAT(html, HasSubstr("<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</td>"));
    EXPECT_THAT(html,
                HasSubstr("<td>runbook &lt;b&gt;4.2&lt;/b&gt; &amp; &#39;the vendor&#39;</td>"));
    EXPECT_THAT(html, HasSubstr("&lt;img src=x onerror=alert(1)&gt;"));
    EXPECT_THAT(html, HasSubstr("<td>r&quot;1</td>"));
  }
}

TEST(CsvReportTest, QuotesAndDefusesWhatPlaybooksAndErrorsSay) {
  ReportData data = novemberReport();
  auto& backup = data.assumptions.playbooks[0];
  backup.description = "restore, then \"check\"";
  backup.basis = "line one\nline two";
  data.assumptions.hourlyRateSource = "=HYPERLINK(\"x\")";
  data.failedRuns[0].error = "-1 is not a size, see @docs";
  const std::string csv = renderCsvReport(data, en);
  EXPECT_THAT(csv, HasSubstr("\r\nplaybook_assumption,backup-verify,true,\"restore, then "
                             "\"\"check\"\"\",15,success,\"line one\nline two\"\r\n"));
  EXPECT_THAT(csv, HasSubstr("\r\nassumption,hourly_rate_source,\"'=HYPERLINK(\"\"x\"\")\"\r\n"));
  EXPECT_THAT(csv, HasSubstr(",failure,\"'-1 is not a size, see @docs\"\r\n"));
}

TEST(MarkdownReportTest, FreeTextNeitherBreaksTheTableNorBecomesMarkup) {
  ReportData data = novemberReport();
  data.assumptions.playbooks[0].basis = "a | b\nc";
  data.assumptions.playbooks[0].description = "<script>alert(1)</script>";
  data.assumptions.hourlyRateSource = "<img src=x onerror=alert(1)>";
  data.failedRuns[0].error = "C:\\logs\\|<b>";
  const std::string md = renderMarkdownReport(data, en);
  EXPECT_THAT(md, HasSubstr("| a \\| b c "));
  EXPECT_THAT(md, HasSubstr("| \\<script>alert(1)\\</script> "));
  EXPECT_THAT(md, HasSubstr("(source: \\<img src=x onerror=alert(1)>)"));
  // A backslash stays a backslash, so it cannot unescape the pipe or the '<'.
  EXPECT_THAT(md, HasSubstr("| C:\\\\logs\\\\\\|\\<b> "));
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
