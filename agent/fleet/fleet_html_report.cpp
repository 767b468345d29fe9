// The fleet report as one self-contained HTML page: inline style and SVG,
// no scripts and no external references, so it can be mailed or opened on
// a closed network. Every text is escaped; outliers are marked in the table
// (class "outlier-high" / "outlier-low") and in the chart.

#include "agent/fleet/fleet_charts.h"
#include "agent/fleet/fleet_data.h"
#include "agent/fleet/fleet_table.h"
#include "agent/fleet/fleet_text.h"
#include "agent/report/html_escape.h"

namespace unyo::agent {
namespace {

constexpr std::string_view kStyle = R"(
body { font-family: "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic", Meiryo,
                    system-ui, sans-serif;
       color: #222; line-height: 1.5; max-width: 90em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.5em; border-bottom: 2px solid #2b6cb0; padding-bottom: .3em; }
h2 { font-size: 1.2em; margin-top: 2em; border-left: 4px solid #2b6cb0; padding-left: .5em; }
dl.header { display: grid; grid-template-columns: max-content auto; gap: .2em 1.5em; }
dl.header dt { font-weight: bold; }
dl.header dd { margin: 0; }
p.note { background: #fff8e1; border-left: 4px solid #d9822b; padding: .4em .8em; }
table { border-collapse: collapse; margin: 1em 0; font-size: .9em; }
th, td { border: 1px solid #ccc; padding: .25em .5em; }
th { background: #f0f4f8; text-align: left; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: bold; border-top: 2px solid #888; }
tr.outlier-high td { background: #fdecee; }
tr.outlier-low td { background: #eaf6ee; }
svg.chart { display: block; width: 100%; max-width: 60em; height: auto; margin: 1em 0; }
svg .bar { fill: #4a90d9; }
svg .box { fill: #dbe9f7; stroke: #2b6cb0; stroke-width: 1; }
svg .median { stroke: #2b6cb0; stroke-width: 2; }
svg .whisker { stroke: #666; stroke-width: 1; }
svg .point { fill: #2b6cb0; }
svg .outlier { fill: #b00020; }
svg .estimate { stroke: #d9822b; stroke-width: 2; }
svg .grid { stroke: #ddd; stroke-width: 1; }
svg text { font-size: 11px; fill: #444; }
svg text.tick { font-size: 9px; }
@media print { body { margin: 0; } h2 { break-after: avoid; } }
)";

class HtmlWriter {
 public:
  HtmlWriter(const FleetReportData& data, ReportLanguage language)
      : data_(data), language_(language) {}

  std::string render() {
    const std::string title =
        t(FleetText::title) + (ja() ? "　" : " — ") + monthDisplay(data_.month, language_);
    out_ = "<!DOCTYPE html>\n<html lang=\"" + std::string(ja() ? "ja" : "en") + "\">\n<head>\n";
    out_ += "<meta charset=\"utf-8\"/>\n";
    out_ += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n";
    out_ +=
        "<title>" + htmlEscape(title + " (" + scopeDisplay(data_, language_) + ")") + "</title>\n";
    out_ += "<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n<main>\n";
    out_ += "<h1>" + htmlEscape(title) + "</h1>\n";
    header();
    rows();
    systems();
    out_ += "<p>" + htmlEscape(t(FleetText::methodNote)) + "</p>\n";
    out_ += "</main>\n</body>\n</html>\n";
    return out_;
  }

 private:
  std::string t(FleetText key) const { return std::string(fleetText(key, language_)); }
  bool ja() const { return language_ == ReportLanguage::ja; }

  void header() {
    const auto item = [&](FleetText key, const std::string& value) {
      out_ += "<dt>" + htmlEscape(t(key)) + "</dt><dd>" + htmlEscape(value) + "</dd>\n";
    };
    out_ += "<dl class=\"header\">\n";
    item(FleetText::scope, scopeDisplay(data_, language_));
    item(FleetText::environment, environmentDisplayName(data_.environment, language_));
    item(FleetText::period, fleetPeriodDisplay(data_, language_));
    item(FleetText::generatedAt, formatTimestamp(data_.generatedAt, language_));
    out_ += "</dl>\n";
    if (data_.partial)
      out_ += "<p class=\"note\">" + htmlEscape(partialNote(data_, language_)) + "</p>\n";
    for (const auto& warning : data_.warnings) {
      out_ += "<p class=\"note\">" + htmlEscape(t(FleetText::warning) + warning) + "</p>\n";
    }
  }

  void tableHead(const std::vector<FleetColumn>& columns) {
    out_ += "<table>\n<thead>\n<tr>";
    for (const auto& column : columns) {
      out_ += std::string(column.numeric ? "<th class=\"num\">" : "<th>") +
              htmlEscape(column.title) + "</th>";
    }
    out_ += "</tr>\n</thead>\n<tbody>\n";
  }

  void tableRow(const std::vector<FleetColumn>& columns, const std::vector<std::string>& cells,
                const std::string& cls) {
    out_ += cls.empty() ? "<tr>" : "<tr class=\"" + cls + "\">";
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const bool numeric = i < columns.size() && columns[i].numeric;
      out_ += std::string(numeric ? "<td class=\"num\">" : "<td>") + htmlEscape(cells[i]) + "</td>";
    }
    out_ += "</tr>\n";
  }

  void rows() {
    out_ +=
        "<section id=\"municipalities\">\n<h2>" + htmlEscape(t(FleetText::rowsHeading)) + "</h2>\n";
    if (data_.rows.empty()) {
      out_ += "<p>" + htmlEscape(t(FleetText::noRows)) + "</p>\n</section>\n";
      return;
    }
    const auto columns = rowColumns(language_);
    tableHead(columns);
    for (const auto& row : data_.rows) {
      const std::string cls = row.outlier == Outlier::high  ? "outlier-high"
                              : row.outlier == Outlier::low ? "outlier-low"
                                                            : "";
      tableRow(columns, rowCells(row, language_), cls);
    }
    tableRow(columns, totalCells(data_, language_), "total");
    out_ += "</tbody>\n</table>\n";
    out_ += costChart(data_, language_);
    out_ += "</section>\n";
  }

  void systems() {
    out_ += "<section id=\"systems\">\n<h2>" + htmlEscape(t(FleetText::systemsHeading)) + "</h2>\n";
    if (!data_.systems.empty()) {
      const auto columns = systemColumns(language_);
      tableHead(columns);
      for (const auto& summary : data_.systems) {
        tableRow(columns, systemCells(data_, summary, language_), "");
      }
      out_ += "</tbody>\n</table>\n";
    }
    out_ += yenPerResidentChart(data_, language_);
    out_ += "</section>\n";
  }

  const FleetReportData& data_;
  ReportLanguage language_;
  std::string out_;
};

}  // namespace

std::string renderFleetHtml(const FleetReportData& data, ReportLanguage language) {
  return HtmlWriter(data, language).render();
}

}  // namespace unyo::agent
