// The report as CSV (RFC 4180) for spreadsheets and scripts.
//
// Blocks, one after another, separated by an empty line; each starts with
// its own header row, and every row's first column names its block:
//   report       item,value                     title, lg_code, system, period, ...
//   labor        playbook,runs,successes,minutes,yen
//   labor_total  (empty),runs,successes,minutes,yen
//   cost         component,actual_yen,baseline_yen,difference_yen,difference_percent
//   usage        item,target,quantity,unit       instance_hours, storage_gib_hours, egress_*
//   rightsizing  item,value
//   daily        date,actual_yen,baseline_yen
//   weekly       week_start,minutes,yen
// The first column and the item/component keys are the same in both
// languages so a script can read either; the header rows and the
// human-readable values (title, system name, notes) follow the language.
//
// Numbers are raw: no thousands separator, no currency sign, '.' decimal.
// Yen amounts are rounded to whole yen (as on a bill) except the per-hour
// right-sizing saving, which keeps 2 decimals; other quantities keep up to
// 2 decimals without trailing zeros; bytes are whole. A missing estimate is an
// empty field. Lines end in CRLF; the Japanese file starts with a UTF-8 BOM
// so Excel on Japanese Windows opens it as UTF-8.

#include <string>
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
    item("baseline_source", data_.baselineSource);
    item("baseline_total_only", data_.baselineTotalYen ? "true" : "false");
    item("fx_usd_jpy", data_.fxUsdJpy > 0 ? formatRaw(data_.fxUsdJpy, 2) : "");
  }

  void labor() {
    header({"section", "playbook", "runs", "successes", "minutes", "yen"},
           {"区分", "プレイブック", "実行回数", "成功回数", "削減時間（分）", "削減額（円）"});
    for (const auto& p : data_.labor) {
      row({"labor", p.playbook, std::to_string(p.runs), std::to_string(p.successes),
           formatRaw(p.minutes, 2), yen(p.yen)});
    }
    const LaborTotal total = laborTotal(data_);
    row({"labor_total", "", std::to_string(total.runs), std::to_string(total.successes),
         formatRaw(total.minutes, 2), yen(total.yen)});
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
           {"区分", "週の開始日", "削減時間（分）", "削減額（円）"});
    for (const auto& w : data_.weekly) {
      row({"weekly", w.weekStart, formatRaw(w.minutes, 2), yen(w.yen)});
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
