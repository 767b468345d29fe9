// The report as one self-contained HTML page: inline style, inline SVG
// charts, no scripts and no external references, so it can be mailed or
// opened on a closed network. Every text is escaped; the markup is XHTML-style
// well-formed (void elements self-closed, attributes quoted).

#include <string>
#include <utility>
#include <vector>

#include "agent/report/report_data.h"
#include "agent/report/report_rows.h"
#include "agent/report/report_text.h"
#include "agent/report/svg_charts.h"

namespace unyo::agent {
namespace {

constexpr std::string_view kStyle = R"(
body { font-family: "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic", Meiryo,
                    system-ui, sans-serif;
       color: #222; line-height: 1.5; max-width: 60em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.5em; border-bottom: 2px solid #2b6cb0; padding-bottom: .3em; }
h2 { font-size: 1.2em; margin-top: 2em; border-left: 4px solid #2b6cb0; padding-left: .5em; }
h3 { font-size: 1em; }
dl.header, dl.facts { display: grid; grid-template-columns: max-content auto; gap: .2em 1.5em; }
dl.header dt, dl.facts dt { font-weight: bold; }
dl.header dd, dl.facts dd { margin: 0; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: .3em .7em; }
td { overflow-wrap: anywhere; }
th { background: #f0f4f8; text-align: left; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: bold; border-top: 2px solid #888; }
.over { color: #b00020; }
.under { color: #1a7f37; }
svg.chart { display: block; width: 100%; max-width: 48em; height: auto; }
svg .bar, svg .bar-key { fill: #4a90d9; }
svg .baseline { fill: none; stroke: #d9822b; stroke-width: 2; }
svg .baseline-key { fill: #d9822b; }
svg .axis { stroke: #666; stroke-width: 1; }
svg .grid { stroke: #ddd; stroke-width: 1; }
svg text { font-size: 11px; fill: #444; }
svg text.tick { font-size: 9px; }
@media print { body { margin: 0; } h2 { break-after: avoid; } }
)";

struct Cell {
  Cell(std::string content, bool isNumeric = false, std::string extraClass = {})
      : text(std::move(content)), numeric(isNumeric), cls(std::move(extraClass)) {}
  std::string text;
  bool numeric;
  std::string cls;  // an extra class: "over", "under"
};

class HtmlWriter {
 public:
  HtmlWriter(const ReportData& data, ReportLanguage language) : data_(data), language_(language) {}

  std::string render() {
    const std::string system = systemDisplayName(data_.identity.system, language_);
    const std::string title = t(Text::title) + (ja() ? "：" : ": ") + system;
    out_ = "<!DOCTYPE html>\n<html lang=\"" + std::string(ja() ? "ja" : "en") + "\">\n<head>\n";
    out_ += "<meta charset=\"utf-8\"/>\n";
    out_ += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n";
    out_ += "<title>" +
            htmlEscape(title + " (" + data_.identity.lgCode + ", " +
                       formatPeriod(data_, language_) + ")") +
            "</title>\n";
    out_ += "<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n<main>\n";
    out_ += "<h1>" + htmlEscape(title) + "</h1>\n";
    header(system);
    labor();
    assumptions();
    costs();
    usage();
    rightsizing();
    out_ += "</main>\n</body>\n</html>\n";
    return out_;
  }

 private:
  std::string t(Text key) const { return std::string(text(key, language_)); }
  bool ja() const { return language_ == ReportLanguage::ja; }
  void paragraph(const std::string& text) { out_ += "<p>" + htmlEscape(text) + "</p>\n"; }
  void sectionOpen(const std::string& id, Text heading) {
    out_ += "<section id=\"" + id + "\">\n<h2>" + htmlEscape(t(heading)) + "</h2>\n";
  }
  void sectionClose() { out_ += "</section>\n"; }

  void table(const std::vector<Cell>& headers, const std::vector<std::vector<Cell>>& rows,
             bool lastIsTotal) {
    out_ += "<table>\n<thead>\n<tr>";
    for (const Cell& h : headers) {
      out_ += std::string(h.numeric ? "<th class=\"num\">" : "<th>") + htmlEscape(h.text) + "</th>";
    }
    out_ += "</tr>\n</thead>\n<tbody>\n";
    for (std::size_t r = 0; r < rows.size(); ++r) {
      out_ += lastIsTotal && r + 1 == rows.size() ? "<tr class=\"total\">" : "<tr>";
      for (const Cell& c : rows[r]) {
        std::string cls = c.numeric ? "num" : "";
        if (!c.cls.empty()) cls += (cls.empty() ? "" : " ") + c.cls;
        out_ +=
            (cls.empty() ? "<td>" : "<td class=\"" + cls + "\">") + htmlEscape(c.text) + "</td>";
      }
      out_ += "</tr>\n";
    }
    out_ += "</tbody>\n</table>\n";
  }

  void header(const std::string& system) {
    const auto item = [&](Text key, const std::string& value) {
      out_ += "<dt>" + htmlEscape(t(key)) + "</dt><dd>" + htmlEscape(value) + "</dd>\n";
    };
    out_ += "<dl class=\"header\">\n";
    item(Text::lgCode, data_.identity.lgCode);
    item(Text::system, system + (ja() ? "（" : " (") + data_.identity.system + (ja() ? "）" : ")"));
    item(Text::environment, environmentDisplayName(data_.identity.environment, language_));
    item(Text::period, formatPeriod(data_, language_));
    item(Text::generatedAt, formatTimestamp(data_.generatedAt, language_));
    out_ += "</dl>\n";
  }

  void labor() {
    sectionOpen("labor", Text::laborHeading);
    if (data_.labor.empty()) {
      paragraph(t(Text::laborEmpty));
    } else {
      const auto figures = [&](std::string name, const ReportData::PlaybookLabor& p) {
        return std::vector<Cell>{{std::move(name)},
                                 {std::to_string(p.runs), true},
                                 {std::to_string(p.failed()), true},
                                 {formatMinutes(p.minutes), true},
                                 {formatYen(p.yen, language_), true},
                                 {formatMinutes(p.assistedMinutes), true},
                                 {formatYen(p.assistedYen, language_), true}};
      };
      std::vector<std::vector<Cell>> rows;
      for (const auto& p : data_.labor) rows.push_back(figures(p.playbook, p));
      const auto total = laborTotal(data_);
      rows.push_back(figures(t(Text::total), total));
      table({{t(Text::playbook)},
             {t(Text::runs), true},
             {t(Text::failed), true},
             {t(Text::automatedMinutes), true},
             {t(Text::automatedYen), true},
             {t(Text::assistedMinutes), true},
             {t(Text::assistedYen), true}},
            rows, true);
      paragraph(t(Text::laborColumnsNote));
      paragraph(laborSummary(total, data_.assumptions.countManualRuns, language_));
    }
    out_ +=
        "<h3>" + htmlEscape(t(Text::weeklyChart)) + "</h3>\n" + weeklyLaborChart(data_, language_);
    sectionClose();
  }

  void assumptions() {
    sectionOpen("assumptions", Text::assumptionsHeading);
    paragraph(t(Text::assumptionsIntro));
    out_ += "<dl class=\"facts\">\n";
    for (const auto& [label, value] : assumptionLines(data_, language_)) {
      out_ += "<dt>" + htmlEscape(label) + "</dt><dd>" + htmlEscape(value) + "</dd>\n";
    }
    out_ += "</dl>\n";
    if (!data_.assumptions.playbooksRead) paragraph(t(Text::playbooksUnreadable));
    std::vector<std::vector<Cell>> rows;
    for (auto& line : playbookAssumptionLines(data_, language_)) {
      rows.push_back({{std::move(line.playbook)},
                      {std::move(line.description)},
                      {std::move(line.minutesPerRun), true},
                      {std::move(line.credit)},
                      {std::move(line.basis)}});
    }
    if (!rows.empty()) {
      table({{t(Text::playbook)},
             {t(Text::description)},
             {t(Text::minutesPerRun), true},
             {t(Text::creditRule)},
             {t(Text::basis)}},
            rows, false);
    } else if (data_.assumptions.playbooksRead) {
      paragraph(t(Text::noPlaybooks));
    }

    out_ += "<h3>" + htmlEscape(t(Text::failedRunsHeading)) + "</h3>\n";
    std::vector<std::vector<Cell>> failed;
    for (auto& line : failedRunLines(data_, language_)) {
      failed.push_back({{std::move(line.date)},
                        {std::move(line.playbook)},
                        {std::move(line.runId)},
                        {std::move(line.result)},
                        {std::move(line.error)}});
    }
    const auto unlisted = unlistedFailures(data_);
    if (failed.empty() && unlisted.empty()) paragraph(t(Text::noFailedRuns));
    if (!failed.empty()) {
      table({{t(Text::date)},
             {t(Text::playbook)},
             {t(Text::runId)},
             {t(Text::result)},
             {t(Text::error)}},
            failed, false);
    }
    for (const auto& u : unlisted) {
      paragraph(unlistedFailuresSentence(u.playbook, u.count, language_));
    }
    sectionClose();
  }

  void costs() {
    sectionOpen("cost", Text::costHeading);
    if (data_.costs.empty()) {
      paragraph(t(Text::costEmpty));
    } else {
      const std::string none = "—";
      std::vector<std::vector<Cell>> rows;
      for (const CostRow& c : costRows(data_)) {
        const std::string trend = !c.differenceYen || *c.differenceYen == 0 ? ""
                                  : *c.differenceYen > 0                    ? "over"
                                                                            : "under";
        rows.push_back(
            {{componentDisplayName(c.component, language_)},
             {formatYen(c.actualYen, language_), true},
             {c.baselineYen ? formatYen(*c.baselineYen, language_) : none, true},
             {c.differenceYen ? formatSignedYen(*c.differenceYen, language_) : none, true, trend},
             {c.differencePercent ? formatSignedPercent(*c.differencePercent) : none, true,
              trend}});
      }
      table({{t(Text::component)},
             {t(Text::actual), true},
             {t(Text::baseline), true},
             {t(Text::difference), true},
             {t(Text::differencePercent), true}},
            rows, true);
      paragraph(baselineSourceSentence(data_, language_));
      paragraph(fxSentence(data_.fxUsdJpy, language_));
    }
    out_ += "<h3>" + htmlEscape(t(Text::dailyChart)) + "</h3>\n" + dailyCostChart(data_, language_);
    sectionClose();
  }

  void usage() {
    sectionOpen("usage", Text::usageHeading);
    std::vector<std::vector<Cell>> rows;
    for (auto& line : usageLines(data_, language_)) {
      rows.push_back(
          {{std::move(line.item)}, {std::move(line.target)}, {std::move(line.quantity), true}});
    }
    table({{t(Text::item)}, {t(Text::target)}, {t(Text::quantity), true}}, rows, false);
    sectionClose();
  }

  void rightsizing() {
    sectionOpen("rightsizing", Text::rightsizingHeading);
    const auto& r = data_.rightsizing;
    if (!r.available) {
      paragraph(t(Text::rightsizingUnavailable));
    } else {
      std::vector<std::vector<Cell>> rows;
      for (auto& [label, value] : rightsizingLines(data_, language_)) {
        rows.push_back({{std::move(label)}, {std::move(value), true}});
      }
      table({{t(Text::item)}, {t(Text::value), true}}, rows, false);
      if (r.suggestedVcpus >= r.currentVcpus) paragraph(t(Text::rightsizingNoChange));
    }
    sectionClose();
  }

  const ReportData& data_;
  ReportLanguage language_;
  std::string out_;
};

}  // namespace

std::string renderHtmlReport(const ReportData& data, ReportLanguage language) {
  return HtmlWriter(data, language).render();
}

}  // namespace unyo::agent
