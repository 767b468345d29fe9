#include "agent/fleet/fleet_text.h"

#include <array>
#include <cstdio>

#include "agent/cost/local_month.h"
#include "agent/fleet/prefectures.h"

namespace unyo::agent {
namespace {

struct Entry {
  FleetText key;
  std::string_view en;
  std::string_view ja;
};

using F = FleetText;
constexpr Entry kEntries[] = {
    {F::title, "Fleet cost report", "団体・業務別 運用コスト報告"},
    {F::month, "Month", "対象月"},
    {F::scope, "Scope", "対象"},
    {F::allPrefectures, "All prefectures", "全都道府県"},
    {F::environment, "Environment", "環境"},
    {F::period, "Period", "対象期間"},
    {F::generatedAt, "Generated", "作成日時"},
    {F::rowsHeading, "Cost by municipality and system", "団体・業務別のコスト"},
    {F::lgCode, "LG code", "団体コード"},
    {F::municipality, "Municipality", "団体名"},
    {F::system, "System", "業務"},
    {F::vendor, "Vendor", "ベンダー"},
    {F::agents, "Agents", "エージェント数"},
    {F::cost, "Cost", "実績"},
    {F::estimate, "Estimate", "見積"},
    {F::variance, "Variance", "差額"},
    {F::variancePercent, "Variance %", "差額率"},
    {F::population, "Population", "人口"},
    {F::yenPerResident, "Yen per resident", "住民1人当たり"},
    {F::laborMinutes, "Labor saved (min)", "削減時間（分）"},
    {F::laborYen, "Labor saved (yen)", "削減額"},
    {F::runs, "Runs", "実行回数"},
    {F::failures, "Failures", "失敗"},
    {F::coverage, "Coverage", "収集率"},
    {F::outlier, "Outlier", "外れ値"},
    {F::high, "high", "高い"},
    {F::low, "low", "低い"},
    {F::noRows, "No agent reported in this month.", "この月に報告したエージェントはありません。"},
    {F::systemsHeading, "Yen per resident by system", "業務別 住民1人当たりコスト"},
    {F::municipalities, "Municipalities", "団体数"},
    {F::q1, "Q1", "第1四分位"},
    {F::median, "Median", "中央値"},
    {F::q3, "Q3", "第3四分位"},
    {F::fences, "Usual range", "外れ値の境界"},
    {F::outliers, "Outliers (municipality, vendor)", "外れ値（団体・ベンダー）"},
    {F::none, "none", "なし"},
    {F::total, "Total", "合計"},
    {F::methodNote,
     "Cost is what each agent's unyo_cost_yen_total grew by in the period (its last value in the "
     "period minus its last value before it), summed over the agents of a system. The estimate "
     "is the agents' baselines per month. Quartiles interpolate between municipalities (as "
     "Excel's QUARTILE.INC); an outlier lies below Q1 - 1.5 x IQR or above Q3 + 1.5 x IQR. "
     "Coverage is the share of the period the agents reported samples.",
     "実績は各エージェントの unyo_cost_yen_total "
     "の期間中の増加分（期間内の最終値－期間前の最終値）を"
     "業務ごとに合計したものです。見積は各エージェントの月額見積（ベースライン）の合計です。"
     "四分位は団体間で線形補間しています（Excel の QUARTILE.INC "
     "と同じ）。外れ値は第1四分位－1.5×IQR "
     "未満、または第3四分位＋1.5×IQR "
     "を超える値です。収集率は期間のうちエージェントが値を報告した割合です。"},
    {F::warning, "The store warned: ", "ストアからの警告："},
    {F::boxChart, "Yen per resident by system (box: Q1 to Q3, line: median, dots: municipalities)",
     "業務別 住民1人当たりコスト（箱：第1～第3四分位、線：中央値、点：団体）"},
    {F::costChart, "Cost against the estimate by municipality and system",
     "団体・業務別 実績と見積"},
};
static_assert(std::size(kEntries) == static_cast<std::size_t>(FleetText::count_),
              "every FleetText needs an entry");

bool isJa(ReportLanguage language) { return language == ReportLanguage::ja; }

constexpr std::string_view kMonthsEn[] = {"January",   "February", "March",    "April",
                                          "May",       "June",     "July",     "August",
                                          "September", "October",  "November", "December"};

}  // namespace

std::string_view fleetText(FleetText key, ReportLanguage language) {
  for (const auto& entry : kEntries) {
    if (entry.key == key) return isJa(language) ? entry.ja : entry.en;
  }
  return {};
}

std::string scopeDisplay(const FleetReportData& data, ReportLanguage language) {
  if (!data.lgCode.empty()) {
    const auto* prefecture = findPrefecture(data.lgCode);
    if (prefecture == nullptr) return data.lgCode;
    return std::string(isJa(language) ? prefecture->nameJa : prefecture->nameEn) +
           (isJa(language) ? "　" : ", ") + data.lgCode;
  }
  if (data.prefecture.empty()) return std::string(fleetText(F::allPrefectures, language));
  const auto* prefecture = findPrefecture(data.prefecture);
  if (prefecture == nullptr) return data.prefecture;
  return isJa(language) ? std::string(prefecture->nameJa) + "（" + data.prefecture + "）"
                        : std::string(prefecture->nameEn) + " (" + data.prefecture + ")";
}

std::string monthDisplay(std::string_view month, ReportLanguage language) {
  const auto parsed = parseYearMonth(month);
  if (!parsed) return std::string(month);
  if (isJa(language)) {
    return std::to_string(parsed->first) + "年" + std::to_string(parsed->second) + "月";
  }
  return std::string(kMonthsEn[parsed->second - 1]) + " " + std::to_string(parsed->first);
}

std::string fleetPeriodDisplay(const FleetReportData& data, ReportLanguage language) {
  return formatDate(data.periodFrom, language) + (isJa(language) ? "～" : " – ") +
         formatDate(data.periodTo, language);
}

std::string partialNote(const FleetReportData& data, ReportLanguage language) {
  if (!data.partial) return "";
  const std::string share = formatPercent(data.shareOfMonth * 100);
  if (isJa(language)) {
    return "月の途中です。実績は" + formatDate(data.periodTo, language) + "までの値で、見積は月の" +
           share + "に按分しています。";
  }
  return "The month is not over: cost is up to " + formatDate(data.periodTo, language) +
         ", and the estimate is pro-rated to the " + share + " of the month that has passed.";
}

std::string vendorsDisplay(const FleetRow& row) {
  std::string out;
  for (const auto& vendor : row.vendors) out += (out.empty() ? "" : " / ") + vendor;
  return out;
}

std::string outlierDisplay(Outlier outlier, ReportLanguage language) {
  if (outlier == Outlier::high) return std::string(fleetText(F::high, language));
  if (outlier == Outlier::low) return std::string(fleetText(F::low, language));
  return "";
}

std::string yenPerResidentDisplay(double yen, ReportLanguage language) {
  return formatYen(yen, language, 2);
}

std::string coverageDisplay(const FleetRow& row) {
  return row.coverage ? formatPercent(*row.coverage * 100) : "";
}

std::string outlierSummary(const FleetReportData& data, std::size_t rowIndex,
                           ReportLanguage language) {
  const auto& row = data.rows.at(rowIndex);
  const std::string vendor = row.vendors.empty() ? "?" : vendorsDisplay(row);
  const std::string value =
      row.yenPerResident ? yenPerResidentDisplay(*row.yenPerResident, language) : "";
  const bool named = !row.municipalityName.empty();
  const std::string who = named ? row.municipalityName : row.lgCode;
  if (isJa(language)) {
    return who + "（" + (named ? row.lgCode + "、" : "") + vendor + "）：" +
           outlierDisplay(row.outlier, language) + " " + value;
  }
  return who + " (" + (named ? row.lgCode + ", " : "") + vendor +
         "): " + outlierDisplay(row.outlier, language) + " " + value;
}

}  // namespace unyo::agent
