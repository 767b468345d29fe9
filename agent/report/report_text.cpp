#include "agent/report/report_text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>

#include "agent/report/report_rows.h"

namespace unyo::agent {
namespace {

struct Phrase {
  Text key;
  std::string_view en;
  std::string_view ja;
};

constexpr Phrase kPhrases[] = {
    {Text::title, "Monthly operations report", "月次運用報告書"},
    {Text::lgCode, "Municipality code", "地方公共団体コード"},
    {Text::system, "Business system", "業務システム"},
    {Text::environment, "Environment", "環境"},
    {Text::period, "Period", "対象期間"},
    {Text::generatedAt, "Generated at", "作成日時"},
    {Text::laborHeading, "Labor saved by automation", "自動化による削減工数"},
    {Text::playbook, "Playbook", "プレイブック"},
    {Text::runs, "Runs", "実行回数"},
    {Text::failed, "Failed", "失敗"},
    {Text::automatedMinutes, "Automated (min)", "自動実行（分）"},
    {Text::automatedYen, "Automated (yen)", "自動実行（円）"},
    {Text::assistedMinutes, "Assisted (min)", "手動起動（分）"},
    {Text::assistedYen, "Assisted (yen)", "手動起動（円）"},
    {Text::yenSaved, "Yen saved", "削減額"},
    {Text::total, "Total", "合計"},
    {Text::laborEmpty, "No playbook ran in this period.",
     "この期間に実行されたプレイブックはありません。"},
    {Text::laborColumnsNote,
     "Automated: runs that a schedule, a condition or an alert started. Assisted: runs that a "
     "person started (the unyo playbook run command or the API); the playbook did the work, a "
     "person chose to start it. Minutes and yen are credited to successful runs only; a failed "
     "run is credited nothing.",
     "自動実行：スケジュール・条件・アラートにより開始された実行。手動起動：職員等がコマンド"
     "（unyo playbook run）またはAPIで開始した実行（作業はプレイブックが行い、開始は人が判断した"
     "もの）。削減時間・削減額は成功した実行にのみ計上し、失敗した実行には計上していません。"},
    {Text::assumptionsHeading, "Assumptions behind the labor figures", "削減工数の算定根拠"},
    {Text::assumptionsIntro,
     "Labor saved is an estimate. Each credited run counts the minutes the same work would take a "
     "person by hand (the playbook's labor.manual_minutes), valued at the hourly rate below. Each "
     "run was credited with the minutes in force when it ran; the table shows the playbooks as "
     "they are now.",
     "削減工数は見積です。計上の対象となった実行1回ごとに、同じ作業を職員が手作業で行った場合の"
     "所要時間（プレイブックの labor.manual_minutes）を計上し、"
     "下記の作業単価で金額に換算しています。"
     "各実行には実行時点の設定値で計上しており、下表は現在のプレイブックの内容です。"},
    {Text::hourlyRate, "Hourly rate of operator work", "作業単価（1時間あたり）"},
    {Text::sourceNotStated, "source not stated", "出典の記載なし"},
    {Text::countManualRuns, "Runs started by a person counted as saved by automation",
     "手動起動の実行を自動化による削減に含めるか"},
    {Text::countedYes, "yes", "含める"},
    {Text::countedNo, "no", "含めない"},
    {Text::description, "What it does", "内容"},
    {Text::minutesPerRun, "Minutes assumed per run", "1回あたりの想定作業時間（分）"},
    {Text::creditRule, "Runs credited", "計上の対象"},
    {Text::basis, "Basis for the minutes", "作業時間の根拠"},
    {Text::creditSuccess, "every successful run", "成功した実行ごと"},
    {Text::creditChanged, "successful runs that changed something", "変更を伴った成功実行のみ"},
    {Text::unknown, "unknown", "不明"},
    {Text::notCurrentPlaybook, "not among the current playbooks", "現在のプレイブックにありません"},
    {Text::playbooksUnreadable,
     "The playbook files could not be read when this report was made, so the minutes, credit "
     "rules and bases of the playbooks are not shown.",
     "本報告書の作成時にプレイブックを読み込めなかったため、各プレイブックの想定作業時間・"
     "計上の対象・根拠は表示していません。"},
    {Text::noPlaybooks, "No playbook is configured.", "登録されているプレイブックはありません。"},
    {Text::failedRunsHeading, "Runs that failed", "失敗した実行"},
    {Text::noFailedRuns, "No run failed in this period.", "この期間に失敗した実行はありません。"},
    {Text::date, "Date", "日付"},
    {Text::runId, "Run ID", "実行ID"},
    {Text::result, "Result", "結果"},
    {Text::error, "Error", "エラー内容"},
    {Text::resultFailure, "failed", "失敗"},
    {Text::resultTimeout, "timed out", "タイムアウト"},
    {Text::costHeading, "Cost vs estimate", "費用（実績と見積の比較）"},
    {Text::component, "Component", "費目"},
    {Text::actual, "Actual", "実績"},
    {Text::baseline, "Estimate (pro-rated)", "見積（按分）"},
    {Text::difference, "Difference", "差額"},
    {Text::differencePercent, "Difference %", "差異率"},
    {Text::compute, "Compute", "コンピュート"},
    {Text::storage, "Storage", "ストレージ"},
    {Text::network, "Network", "ネットワーク"},
    {Text::fixed, "Fixed", "固定費"},
    {Text::costEmpty, "There is no cost data for this period (cost is not configured).",
     "この期間の費用データはありません（費用の設定がありません）。"},
    {Text::baselineSource, "Estimate", "見積の出典"},
    {Text::baselineTotalOnly,
     "The estimate is a single monthly total, so only the total is compared.",
     "見積が月額の合計のみのため、合計で比較しています。"},
    {Text::noBaseline, "No estimate is configured, so only actual costs are shown.",
     "見積が設定されていないため、実績のみを表示しています。"},
    {Text::fxNone, "Prices are in yen; no exchange rate was used.",
     "単価が円建てのため、為替レートは使用していません。"},
    {Text::usageHeading, "Usage (for checking the bill)", "利用量（請求額の確認用）"},
    {Text::item, "Item", "項目"},
    {Text::value, "Value", "値"},
    {Text::target, "Mountpoint / device", "対象"},
    {Text::quantity, "Quantity", "利用量"},
    {Text::instanceHours, "Instance hours", "インスタンス稼働時間"},
    {Text::storageGibHours, "Storage", "ストレージ容量×時間"},
    {Text::egress, "Egress (data sent)", "送信データ量"},
    {Text::unitHours, "h", "時間"},
    {Text::unitGibHours, "GiB-hours", "GiB時"},
    {Text::unitBytes, "bytes", "バイト"},
    {Text::rightsizingHeading, "Right-sizing suggestion", "適正化の提案"},
    {Text::cpuP95, "CPU use (p95, of all vCPUs)", "CPU使用率（p95、全vCPU比）"},
    {Text::memoryP95, "Memory use (p95)", "メモリ使用量（p95）"},
    {Text::vcpus, "vCPUs (current → suggested)", "vCPU数（現在 → 提案）"},
    {Text::savingsPerHour, "Estimated savings per hour", "削減見込額（1時間あたり）"},
    {Text::savingsPerMonth, "Estimated savings per month", "削減見込額（1か月あたり）"},
    {Text::coverage, "Days with samples (of the last 7)", "計測データのある日数（直近7日間）"},
    {Text::rightsizingUnavailable,
     "There is not enough data yet for a right-sizing suggestion: it needs about a week of CPU "
     "and memory samples and a compute price.",
     "適正化の提案に必要なデータがまだ十分にありません。CPU・メモリの約1週間分の計測値と"
     "コンピュートの単価が必要です。"},
    {Text::rightsizingNoChange, "The current size fits the measured load; no change is suggested.",
     "現在の構成は計測された負荷に見合っているため、変更の提案はありません。"},
    {Text::dailyChart, "Daily cost", "日別の費用"},
    {Text::weeklyChart, "Labor saved per week", "週別の削減工数"},
    {Text::chartBaseline, "Estimate per day", "見積（日割り）"},
    {Text::production, "Production", "本番"},
    {Text::staging, "Staging", "検証"},
    {Text::development, "Development", "開発"},
};

// Each row sits at its key's index, so text() is a lookup and no label can be
// left out or given twice.
constexpr bool phrasesInKeyOrder() {
  if (std::size(kPhrases) != static_cast<std::size_t>(Text::count_)) return false;
  for (std::size_t i = 0; i < std::size(kPhrases); ++i) {
    if (static_cast<std::size_t>(kPhrases[i].key) != i) return false;
    if (kPhrases[i].en.empty() || kPhrases[i].ja.empty()) return false;
  }
  return true;
}
static_assert(phrasesInKeyOrder(), "kPhrases must list every Text once, in enum order");

bool isJa(ReportLanguage language) { return language == ReportLanguage::ja; }

// Rounds half away from zero (as people do by hand), then prints exactly.
std::string fixed(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  const double rounded = std::round(value * scale) / scale;
  char buffer[400];
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, rounded, std::chars_format::fixed, decimals);
  std::string out(buffer, result.ptr);
  if (!out.empty() && out[0] == '-' && out.find_first_not_of("-0.") == std::string::npos) {
    out.erase(0, 1);  // no "-0.0"
  }
  return out;
}

std::string groupThousands(std::string number) {
  const std::size_t start = number.starts_with('-') ? 1 : 0;
  std::size_t end = number.find('.');
  if (end == std::string::npos) end = number.size();
  for (std::size_t i = end; i > start + 3; i -= 3) number.insert(i - 3, ",");
  return number;
}

std::string withSign(double value, std::string formatted) {
  if (value > 0 && formatted.find_first_of("123456789") != std::string::npos) {
    return "+" + formatted;
  }
  return formatted;
}

bool isIsoDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return false;
  }
  return true;
}

int toInt(std::string_view digits) {
  int value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

}  // namespace

std::string_view text(Text key, ReportLanguage language) {
  const Phrase& phrase = kPhrases[static_cast<std::size_t>(key)];
  return isJa(language) ? phrase.ja : phrase.en;
}

std::string systemDisplayName(std::string_view systemId, ReportLanguage language) {
  const BusinessSystem* known = findBusinessSystem(systemId);
  if (known == nullptr) return std::string(systemId);
  return std::string(isJa(language) ? known->nameJa : known->nameEn);
}

std::string environmentDisplayName(std::string_view environment, ReportLanguage language) {
  if (environment == "production") return std::string(text(Text::production, language));
  if (environment == "staging") return std::string(text(Text::staging, language));
  if (environment == "development") return std::string(text(Text::development, language));
  return std::string(environment);
}

std::string componentDisplayName(std::string_view component, ReportLanguage language) {
  if (component == "compute") return std::string(text(Text::compute, language));
  if (component == "storage") return std::string(text(Text::storage, language));
  if (component == "network") return std::string(text(Text::network, language));
  if (component == "fixed") return std::string(text(Text::fixed, language));
  if (component == "total") return std::string(text(Text::total, language));
  return std::string(component);
}

std::string formatNumber(double value, int decimals) {
  return groupThousands(fixed(value, decimals));
}

std::string formatRaw(double value, int maxDecimals) {
  std::string out = fixed(value, maxDecimals);
  if (out.find('.') != std::string::npos) {
    out.erase(out.find_last_not_of('0') + 1);
    if (out.ends_with('.')) out.pop_back();
  }
  return out;
}

std::string formatYen(double yen, ReportLanguage language, int decimals) {
  std::string number = formatNumber(yen, decimals);
  if (isJa(language)) return number + "円";
  if (number.starts_with('-')) return "-¥" + number.substr(1);
  return "¥" + number;
}

std::string formatSignedYen(double yen, ReportLanguage language) {
  return withSign(yen, formatYen(yen, language));
}

std::string formatPercent(double percent) { return formatNumber(percent, 1) + "%"; }

std::string formatSignedPercent(double percent) {
  return withSign(percent, formatPercent(percent));
}

std::string formatMinutes(double minutes) {
  const bool whole = std::abs(minutes - std::round(minutes)) < 0.05;
  return formatNumber(minutes, whole ? 0 : 1);
}

std::string formatHours(double hours, ReportLanguage language) {
  return formatNumber(hours, 1) + " " + std::string(text(Text::unitHours, language));
}

std::string formatGib(double gib) {
  if (gib == 0) return "0";
  const double magnitude = std::abs(gib);
  return formatNumber(gib, magnitude < 1 ? 3 : magnitude < 100 ? 2 : 1);
}

double bytesToGib(double bytes) { return bytes / (1024.0 * 1024.0 * 1024.0); }

std::string formatFxRate(double usdJpy, ReportLanguage language) {
  const std::string rate = groupThousands(formatRaw(usdJpy, 2));
  return isJa(language) ? "1米ドル＝" + rate + "円" : "¥" + rate + " per USD";
}

std::string formatDate(std::string_view isoDate, ReportLanguage language) {
  if (!isJa(language) || !isIsoDate(isoDate)) return std::string(isoDate);
  return std::to_string(toInt(isoDate.substr(0, 4))) + "年" +
         std::to_string(toInt(isoDate.substr(5, 2))) + "月" +
         std::to_string(toInt(isoDate.substr(8, 2))) + "日";
}

std::string formatTimestamp(std::string_view iso, ReportLanguage language) {
  const bool parsable = iso.size() >= 16 && isIsoDate(iso.substr(0, 10)) && iso[10] == 'T';
  if (!parsable) return std::string(iso);
  std::string_view offset = iso.substr(16);
  if (offset.starts_with(':')) offset.remove_prefix(3);  // seconds
  if (offset.starts_with('.'))
    offset.remove_prefix(std::min(offset.find_first_of("Z+-"), offset.size()));
  const std::string zone = offset == "Z" ? "UTC" : std::string(offset);
  const std::string time(iso.substr(11, 5));
  if (!isJa(language))
    return std::string(iso.substr(0, 10)) + " " + time + (zone.empty() ? "" : " " + zone);
  const std::string base = formatDate(iso.substr(0, 10), language) + " " + time;
  return zone.empty() || zone == "+09:00" ? base : base + "（" + zone + "）";
}

std::string formatPeriod(const ReportData& data, ReportLanguage language) {
  const std::string from = formatDate(data.periodFrom, language);
  const std::string to = formatDate(data.periodTo, language);
  if (isJa(language)) return from + "～" + to + "（" + std::to_string(data.days) + "日間）";
  return from + " – " + to + " (" + std::to_string(data.days) +
         (data.days == 1 ? " day)" : " days)");
}

std::string baselineSourceSentence(const ReportData& data, ReportLanguage language) {
  if (!hasBaseline(data)) return std::string(text(Text::noBaseline, language));
  std::string sentence;
  if (isJa(language)) {
    sentence = "見積の出典：" + (data.baselineSource.empty() ? "記載なし" : data.baselineSource) +
               "（対象期間に按分）。";
  } else {
    sentence =
        "Estimate: " + (data.baselineSource.empty() ? "source not given" : data.baselineSource) +
        ", pro-rated to the period.";
  }
  if (data.baselineTotalYen) {
    sentence += (isJa(language) ? "" : " ") + std::string(text(Text::baselineTotalOnly, language));
  }
  return sentence;
}

std::string fxSentence(double usdJpy, ReportLanguage language) {
  if (usdJpy <= 0) return std::string(text(Text::fxNone, language));
  if (isJa(language)) return "換算に用いた為替レート：" + formatFxRate(usdJpy, language) + "。";
  return "Exchange rate used: " + formatFxRate(usdJpy, language) + ".";
}

std::string weekTitle(const ReportData::WeeklyLabor& week, ReportLanguage language) {
  if (isJa(language)) {
    return formatDate(week.weekStart, language) + "の週：" + formatMinutes(week.minutes) + "分、" +
           formatYen(week.yen, language);
  }
  return "Week of " + week.weekStart + ": " + formatMinutes(week.minutes) + " min, " +
         formatYen(week.yen, language);
}

std::string csvField(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace unyo::agent
