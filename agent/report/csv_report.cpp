// The report as CSV (RFC 4180) for spreadsheets and scripts.
//
// Blocks, one after another, separated by an empty line; each starts with
// its own header row, and every row's first column names its block:
//   report       item,value                     title, lg_code, system, period, ...
//   labor        playbook,runs,successes,minutes,yen,failed,credited,
//                assisted_credited,assisted_minutes,assisted_yen,saved_minutes,saved_yen
//   labor_total  (empty),runs,successes,minutes,yen,failed,credited,...   (the same columns)
//   cost         component,actual_yen,baseline_yen,difference_yen,difference_percent
//   usage        item,target,quantity,unit       instance_hours, storage_gib_hours, egress_*
//   rightsizing  item,value
//   daily        date,actual_yen,baseline_yen
//   weekly       week_start,minutes,yen          saved by automation
//   assumption   item,value                     hourly_rate_jpy, hourly_rate_source,
//                                               count_manual_runs, playbooks_read
//   playbook_assumption  playbook,known,description,manual_minutes,credit,basis
//   failed_run   date,playbook,run_id,result,error
// In `labor`, minutes and yen (and credited) are automated runs: those a
// schedule, a condition or an alert started; assisted_* are runs a person
// started; saved_* are what the report calls saved by automation: automated,
// plus assisted when count_manual_runs is true. failed counts every failed
// run; failed_run lists those the ledger keeps details of (the first 10 per
// playbook and day). In `playbook_assumption`, known is false for a playbook
// in the ledger that was not read for the report (its other fields empty);
// credit is success or changed. The first column and the item/component keys
// are the same in both languages so a script can read either; the header
// rows and the human-readable values (title, system name, notes) follow the
// language.
//
// Numbers are raw: no thousands separator, no currency sign, '.' decimal.
// Yen amounts are rounded to whole yen (as on a bill) except the per-hour
// right-sizing saving, which keeps 2 decimals; other quantities keep up to
// 2 decimals without trailing zeros; bytes are whole. A missing estimate is an
// empty field. Free text from playbooks, errors and the config that starts
// with = + - @ gets a leading ' so a spreadsheet shows it rather than running
// it as a formula. Lines end in CRLF; the Japanese file starts with a UTF-8
// BOM so Excel on Japanese Windows opens it as UTF-8.

#include <string>
#include <string_view>
#include <vector>

#include "agent/report/report_data.h"
#include "agent/report/report_rows.h"
#include "agent/report/report_text.h"

namespace unyo::agent {

namespace {

std::string yen(double value) { return formatRaw(value, 0); }
std::string optionalNumber(const std::optional<double>& value, int decimals) {
  return value ? formatRaw(*value, decimals) : std::string();
}
std::string boolean(bool value) { return value ? "true" : "false"; }

// Text someone else wrote (a playbook's description, an error): a spreadsheet
// would run "=HYPERLINK(…)" as a formula, so such text starts with a quote.
std::string freeText(const std::string& text) {
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
    return "'" + text;
  }
  return text;
}

class CsvWriter {
 public:
  CsvWriter(const ReportData& data, ReportLanguage language) : data_(data), language_(language) {}

  std::string render() {
    if (language_ == ReportLanguage::ja) out_ = "\xEF\xBB\xBF";
    report();
    labor();
    costs();
    usage();
    rightsizing();
    daily();
    weekly();
    assumptions();
    playbookAssumptions();
    failedRuns();
    return out_;
  }

 private:
  bool ja() const { return language_ == ReportLanguage::ja; }

  void row(const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) out_ += ',';
      out_ += csvField(fields[i]);
    }
    out_ += "\r\n";
  }
  // A block's header row: the English keys, or their Japanese captions.
  void header(const std::vector<std::string>& en, const std::vector<std::string>& jaCaptions) {
    if (!out_.empty() && out_ != "\xEF\xBB\xBF") out_ += "\r\n";
    row(ja() ? jaCaptions : en);
  }

  void report() {
    header({"section", "item", "value"}, {"区分", "項目", "値"});
    const auto item = [&](const std::string& key, const std::string& value) {
      row({"report", key, value});
    };
    item("title", std::string(text(Text::title, language_)));
    item("lg_code", data_.identity.lgCode);
    item("system", data_.identity.system);
    item("system_name", systemDisplayName(data_.identity.system, language_));
    item("environment", data_.identity.environment);
    item("period_from", data_.periodFrom);
    item("period_to", data_.periodTo);
    item("days", std::to_string(data_.days));
    item("generated_at", data_.generatedAt);
    item("baseline_source", freeText(data_.baselineSource));
    item("baseline_total_only", data_.baselineTotalYen ? "true" : "false");
    item("fx_usd_jpy", data_.fxUsdJpy > 0 ? formatRaw(data_.fxUsdJpy, 2) : "");
  }

  void labor() {
    header({"section", "playbook", "runs", "successes", "minutes", "yen", "failed", "credited",
            "assisted_credited", "assisted_minutes", "assisted_yen", "saved_minutes", "saved_yen"},
           {"区分", "プレイブック", "実行回数", "成功回数", "自動実行の削減時間（分）",
            "自動実行の削減額（円）", "失敗回数", "自動実行の計上回数", "手動起動の計上回数",
            "手動起動の削減時間（分）", "手動起動の削減額（円）", "自動化による削減時間（分）",
            "自動化による削減額（円）"});
    const bool count = data_.assumptions.countManualRuns;
    const auto figures = [&](const char* block, const std::string& name,
                             const ReportData::PlaybookLabor& p) {
      row({block, name, std::to_string(p.runs), std::to_string(p.successes),
           formatRaw(p.minutes, 2), yen(p.yen), std::to_string(p.failed()),
           std::to_string(p.credited), std::to_string(p.assistedCredited),
           formatRaw(p.assistedMinutes, 2), yen(p.assistedYen), formatRaw(p.savedMinutes(count), 2),
           yen(p.savedYen(count))});
    };
    for (const auto& p : data_.labor) figures("labor", p.playbook, p);
    figures("labor_total", "", laborTotal(data_));
  }

  void costs() {
    header({"section", "component", "actual_yen", "baseline_yen", "difference_yen",
            "difference_percent"},
           {"区分", "費目", "実績（円）", "見積・按分（円）", "差額（円）", "差異率（%）"});
    if (data_.costs.empty()) return;
    for (const CostRow& c : costRows(data_)) {
      row({"cost", c.component, yen(c.actualYen), optionalNumber(c.baselineYen, 0),
           optionalNumber(c.differenceYen, 0), optionalNumber(c.differencePercent, 2)});
    }
  }

  void usage() {
    header({"section", "item", "target", "quantity", "unit"},
           {"区分", "項目", "対象", "利用量", "単位"});
    const auto& u = data_.usage;
    row({"usage", "instance_hours", "", formatRaw(u.instanceHours, 2), "hours"});
    for (const auto& [mountpoint, gibHours] : u.storageGibHours) {
      row({"usage", "storage_gib_hours", mountpoint, formatRaw(gibHours, 2), "GiB-hours"});
    }
    for (const auto& [device, bytes] : u.egressBytes) {
      row({"usage", "egress_bytes", device, formatRaw(bytes, 0), "bytes"});
      row({"usage", "egress_gib", device, formatRaw(bytesToGib(bytes), 2), "GiB"});
    }
  }

  void rightsizing() {
    header({"section", "item", "value"}, {"区分", "項目", "値"});
    const auto& r = data_.rightsizing;
    row({"rightsizing", "available", r.available ? "true" : "false"});
    if (!r.available) {
      row({"rightsizing", "note", std::string(text(Text::rightsizingUnavailable, language_))});
      return;
    }
    row({"rightsizing", "cpu_p95_percent", formatRaw(r.cpuP95Ratio * 100.0, 2)});
    row({"rightsizing", "memory_p95_gib", formatRaw(bytesToGib(r.memoryP95Bytes), 2)});
    row({"rightsizing", "current_vcpus", std::to_string(r.currentVcpus)});
    row({"rightsizing", "suggested_vcpus", std::to_string(r.suggestedVcpus)});
    row({"rightsizing", "savings_yen_per_hour", formatRaw(r.savingsYenPerHour, 2)});
    row({"rightsizing", "savings_yen_per_month", yen(r.savingsYenPerMonth)});
    row({"rightsizing", "coverage_days", formatRaw(r.coverageDays, 2)});
  }

  void daily() {
    header({"section", "date", "actual_yen", "baseline_yen"},
           {"区分", "日付", "実績（円）", "見積・日割り（円）"});
    for (const auto& d : data_.daily) {
      row({"daily", d.date, yen(d.actualYen), optionalNumber(d.baselineYen, 0)});
    }
  }

  void weekly() {
    header({"section", "week_start", "minutes", "yen"},
           {"区分", "週の開始日", "自動化による削減時間（分）", "自動化による削減額（円）"});
    for (const auto& w : data_.weekly) {
      row({"weekly", w.weekStart, formatRaw(w.minutes, 2), yen(w.yen)});
    }
  }

  void assumptions() {
    header({"section", "item", "value"}, {"区分", "項目", "値"});
    const auto& a = data_.assumptions;
    row({"assumption", "hourly_rate_jpy", formatRaw(a.hourlyRateJpy, 2)});
    row({"assumption", "hourly_rate_source", freeText(a.hourlyRateSource)});
    row({"assumption", "count_manual_runs", boolean(a.countManualRuns)});
    row({"assumption", "playbooks_read", boolean(a.playbooksRead)});
  }

  void playbookAssumptions() {
    header({"section", "playbook", "known", "description", "manual_minutes", "credit", "basis"},
           {"区分", "プレイブック", "読込済み", "内容", "1回あたりの想定作業時間（分）",
            "計上の対象", "作業時間の根拠"});
    for (const auto& p : data_.assumptions.playbooks) {
      if (!p.known) {
        row({"playbook_assumption", p.playbook, "false", "", "", "", ""});
        continue;
      }
      const std::string& description = ja() && !p.descriptionJa.empty() ? p.descriptionJa
                                                                        : p.description;
      row({"playbook_assumption", p.playbook, "true", freeText(description),
           formatRaw(p.manualMinutes, 2),
           p.credit == LaborCreditRule::changed ? "changed" : "success", freeText(p.basis)});
    }
  }

  void failedRuns() {
    header({"section", "date", "playbook", "run_id", "result", "error"},
           {"区分", "日付", "プレイブック", "実行ID", "結果", "エラー内容"});
    for (const auto& run : data_.failedRuns) {
      row({"failed_run", run.date, run.playbook, freeText(run.runId), run.result,
           freeText(run.error)});
    }
  }

  const ReportData& data_;
  ReportLanguage language_;
  std::string out_;
};

}  // namespace

std::string renderCsvReport(const ReportData& data, ReportLanguage language) {
  return CsvWriter(data, language).render();
}

}  // namespace unyo::agent
