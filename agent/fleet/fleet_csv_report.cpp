// The fleet report as CSV (RFC 4180) for spreadsheets and scripts, in the
// blocks `unyo report` uses: each block starts with its header row and
// every row's first column names its block.
//   report        item,value               month, scope, environment, period, partial, ...
//   municipality  lg_code,municipality_name,system,system_name,vendor,agents,cost_yen,
//                 estimate_yen,variance_yen,variance_percent,population,yen_per_resident,
//                 outlier,labor_minutes,labor_yen,runs,failures,coverage
//   system        system,system_name,municipalities,q1,median,q3,lower_fence,upper_fence,outliers
// The first column, the item keys, system ids and outlier values (high,
// low) are the same in both languages; header rows and names follow the
// language. Numbers are raw ('.' decimal, no separators): yen whole, yen per
// resident and percentages to 2 decimals, coverage as a ratio to 4. A
// missing value is an empty field. Lines end in CRLF; the Japanese file
// starts with a UTF-8 BOM so Excel on Japanese Windows reads it as UTF-8.

#include "agent/fleet/fleet_data.h"
#include "agent/fleet/fleet_text.h"

namespace unyo::agent {
namespace {

std::string raw(const std::optional<double>& value, int decimals) {
  return value ? formatRaw(*value, decimals) : std::string();
}

std::string outlierKey(Outlier outlier) {
  return outlier == Outlier::high ? "high" : outlier == Outlier::low ? "low" : "";
}

class CsvWriter {
 public:
  CsvWriter(const FleetReportData& data, ReportLanguage language)
      : data_(data), language_(language) {}

  std::string render() {
    if (language_ == ReportLanguage::ja) out_ = "\xEF\xBB\xBF";
    report();
    municipalities();
    systems();
    return out_;
  }

 private:
  std::string t(FleetText key) const { return std::string(fleetText(key, language_)); }
  bool ja() const { return language_ == ReportLanguage::ja; }

  void row(const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) out_ += ',';
      out_ += csvField(fields[i]);
    }
    out_ += "\r\n";
  }

  void report() {
    row({"report", ja() ? "項目" : "item", ja() ? "値" : "value"});
    row({"report", "title", t(FleetText::title)});
    row({"report", "month", data_.month});
    row({"report", "scope", scopeDisplay(data_, language_)});
    row({"report", "prefecture", data_.prefecture});
    row({"report", "lg_code", data_.lgCode});
    row({"report", "environment", data_.environment});
    row({"report", "period_from", data_.periodFrom});
    row({"report", "period_to", data_.periodTo});
    row({"report", "partial", data_.partial ? "true" : "false"});
    row({"report", "generated_at", data_.generatedAt});
    if (data_.partial) row({"report", "note", partialNote(data_, language_)});
    for (const auto& warning : data_.warnings) row({"report", "warning", warning});
    out_ += "\r\n";
  }

  void municipalities() {
    using F = FleetText;
    row({"municipality", t(F::lgCode), t(F::municipality), ja() ? "業務ID" : "system", t(F::system),
         t(F::vendor), t(F::agents), t(F::cost), t(F::estimate), t(F::variance),
         t(F::variancePercent), t(F::population), t(F::yenPerResident), t(F::outlier),
         t(F::laborMinutes), t(F::laborYen), t(F::runs), t(F::failures), t(F::coverage)});
    for (const auto& r : data_.rows) {
      row({"municipality", r.lgCode, r.municipalityName, r.system,
           systemDisplayName(r.system, language_), vendorsDisplay(r), std::to_string(r.agents),
           formatRaw(r.costYen, 0), raw(r.estimateYen, 0), raw(r.varianceYen, 0),
           raw(r.variancePercent, 2), raw(r.population, 0), raw(r.yenPerResident, 2),
           outlierKey(r.outlier), formatRaw(r.laborMinutes, 2), formatRaw(r.laborYen, 0),
           formatRaw(r.runs, 0), formatRaw(r.failures, 0), raw(r.coverage, 4)});
    }
    out_ += "\r\n";
  }

  void systems() {
    using F = FleetText;
    row({"system", ja() ? "業務ID" : "system", t(F::system), t(F::municipalities), t(F::q1),
         t(F::median), t(F::q3), ja() ? "下側境界" : "lower_fence",
         ja() ? "上側境界" : "upper_fence", t(F::outliers)});
    for (const auto& s : data_.systems) {
      std::string outliers;
      for (std::size_t index : s.outliers) {
        outliers += (outliers.empty() ? "" : "; ") + outlierSummary(data_, index, language_);
      }
      const auto& q = s.yenPerResident;
      row({"system", s.system, systemDisplayName(s.system, language_),
           std::to_string(s.municipalities), q ? formatRaw(q->q1, 2) : "",
           q ? formatRaw(q->median, 2) : "", q ? formatRaw(q->q3, 2) : "",
           s.fences ? formatRaw(s.fences->lower, 2) : "",
           s.fences ? formatRaw(s.fences->upper, 2) : "", outliers});
    }
  }

  const FleetReportData& data_;
  ReportLanguage language_;
  std::string out_;
};

}  // namespace

std::string renderFleetCsv(const FleetReportData& data, ReportLanguage language) {
  return CsvWriter(data, language).render();
}

}  // namespace unyo::agent
