// The labor section's sentences (report_text.h): what automation saved and
// what people's runs saved, the hourly rate and its source, and the failed
// runs the ledger counted but did not keep. Apart from report_text.cpp's
// labels and number formats, which every section shares.

#include "agent/report/report_text.h"

#include <cmath>

#include "agent/cost/ledger_entries.h"

namespace unyo::agent {
namespace {

bool isJa(ReportLanguage language) { return language == ReportLanguage::ja; }

}  // namespace

std::string laborSummary(const ReportData::PlaybookLabor& total, bool countManualRuns,
                         ReportLanguage language) {
  const auto duration = [&](double minutes) {
    const std::string hours = formatNumber(minutes / 60.0, 1);
    if (isJa(language)) return hours + "時間（" + formatMinutes(minutes) + "分）";
    return hours + " hours (" + formatMinutes(minutes) + " minutes)";
  };
  const double minutes = total.savedMinutes(countManualRuns);
  const double yen = total.savedYen(countManualRuns);
  const bool assisted = total.assistedCredited > 0 || total.assistedMinutes != 0;
  const std::string setting =
      std::string("labor.count_manual_runs: ") + (countManualRuns ? "true" : "false");
  if (isJa(language)) {
    std::string out = "合計で" + duration(minutes) + "の運用作業を自動化し、" +
                      formatYen(yen, language) + "相当の工数を削減しました。";
    if (!assisted) return out;
    const std::string part =
        duration(total.assistedMinutes) + "、" + formatYen(total.assistedYen, language) + "相当";
    if (countManualRuns) {
      return out + "このうち" + part + "は職員等が手動で開始した実行によるもので、設定（" +
             setting + "）により自動化による削減に含めています。";
    }
    return out + "このほか、職員等が手動で開始した実行により" + part +
           "を削減しましたが、自動化による削減には含めていません（" + setting + "）。";
  }
  std::string out = "In total, automation saved " + duration(minutes) +
                    " of operator work, worth " + formatYen(yen, language) + ".";
  if (!assisted) return out;
  const std::string part =
      duration(total.assistedMinutes) + ", worth " + formatYen(total.assistedYen, language);
  if (countManualRuns) {
    return out + " This includes " + part +
           ", from runs started by a person, which count as saved by automation (" + setting + ").";
  }
  return out + " Runs started by a person saved another " + part +
         "; they are shown apart and not counted as saved by automation (" + setting + ").";
}

std::string hourlyRateText(const ReportData::LaborAssumptions& assumptions,
                           ReportLanguage language) {
  const double rate = assumptions.hourlyRateJpy;
  const std::string yen = formatYen(rate, language, rate == std::round(rate) ? 0 : 2);
  const std::string& source = assumptions.hourlyRateSource;
  if (isJa(language)) {
    return yen + "（" +
           (source.empty() ? std::string(text(Text::sourceNotStated, language))
                           : "出典：" + source) +
           "）";
  }
  return yen + " (" +
         (source.empty() ? std::string(text(Text::sourceNotStated, language))
                         : "source: " + source) +
         ")";
}

std::string countManualRunsText(bool countManualRuns, ReportLanguage language) {
  const std::string answer(text(countManualRuns ? Text::countedYes : Text::countedNo, language));
  const std::string setting =
      std::string("labor.count_manual_runs: ") + (countManualRuns ? "true" : "false");
  return isJa(language) ? answer + "（" + setting + "）" : answer + " (" + setting + ")";
}

std::string unlistedFailuresSentence(const std::string& playbook, int count,
                                     ReportLanguage language) {
  const std::string limit = std::to_string(kMaxFailedRunsPerDay);
  if (isJa(language)) {
    return playbook + " の失敗した実行のうち" + std::to_string(count) +
           "件は、件数には含めていますが一覧には載せていません（台帳に詳細を記録するのは、"
           "プレイブックごとに1日" +
           limit + "件までです）。";
  }
  return std::to_string(count) + " more failed " + (count == 1 ? "run" : "runs") + " of " +
         playbook + (count == 1 ? " is" : " are") +
         " counted but not listed: the ledger keeps the details of at most " + limit +
         " per playbook and day.";
}

}  // namespace unyo::agent
