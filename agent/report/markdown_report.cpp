// The report as Markdown: headings, bullet lists for the header and the
// assumptions, and pipe tables with right-aligned numbers (markdown_table.h).

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "agent/report/markdown_table.h"
#include "agent/report/report_data.h"
#include "agent/report/report_rows.h"
#include "agent/report/report_text.h"

namespace unyo::agent {
namespace {

using Row = std::vector<std::string>;

class MarkdownWriter {
 public:
  MarkdownWriter(const ReportData& data, ReportLanguage language)
      : data_(data), language_(language) {}

  std::string render() {
    header();
    labor();
    assumptions();
    costs();
    usage();
    rightsizing();
    while (out_.ends_with("\n\n")) out_.pop_back();
    return out_;
  }

 private:
  std::string t(Text key) const { return std::string(text(key, language_)); }
  bool ja() const { return language_ == ReportLanguage::ja; }
  std::string labelled(const std::string& label, const std::string& value) const {
    return label + (ja() ? "：" : ": ") + markdownText(value);
  }
  std::string labelled(Text key, const std::string& value) const { return labelled(t(key), value); }
  void heading(Text key) { out_ += "## " + t(key) + "\n\n"; }
  // Every cell through markdownText: descriptions, bases and errors are
  // written by others.
  void table(const std::vector<MarkdownColumn>& columns, std::vector<Row> rows) {
    for (auto& row : rows) {
      for (auto& cell : row) cell = markdownText(cell);
    }
    appendMarkdownTable(out_, columns, std::move(rows));
  }
  void paragraph(const std::string& text) { out_ += markdownText(text) + "\n\n"; }

  void header() {
    const std::string system = systemDisplayName(data_.identity.system, language_);
    out_ += "# " + t(Text::title) + (ja() ? "：" : ": ") + markdownText(system) + "\n\n";
    out_ += "- " + labelled(Text::lgCode, data_.identity.lgCode) + "\n";
    out_ += "- " +
            labelled(Text::system,
                     system + (ja() ? "（" : " (") + data_.identity.system + (ja() ? "）" : ")")) +
            "\n";
    out_ +=
        "- " +
        labelled(Text::environment, environmentDisplayName(data_.identity.environment, language_)) +
        "\n";
    out_ += "- " + labelled(Text::period, formatPeriod(data_, language_)) + "\n";
    out_ +=
        "- " + labelled(Text::generatedAt, formatTimestamp(data_.generatedAt, language_)) + "\n\n";
  }

  void labor() {
    heading(Text::laborHeading);
    if (data_.labor.empty()) return paragraph(t(Text::laborEmpty));
    const auto figures = [&](std::string name, const ReportData::PlaybookLabor& p) {
      return Row{std::move(name),
                 std::to_string(p.runs),
                 std::to_string(p.failed()),
                 formatMinutes(p.minutes),
                 formatYen(p.yen, language_),
                 formatMinutes(p.assistedMinutes),
                 formatYen(p.assistedYen, language_)};
    };
    std::vector<Row> rows;
    for (const auto& p : data_.labor) rows.push_back(figures(p.playbook, p));
    const auto total = laborTotal(data_);
    rows.push_back(figures("**" + t(Text::total) + "**", total));
    table({{t(Text::playbook)},
           {t(Text::runs), true},
           {t(Text::failed), true},
           {t(Text::automatedMinutes), true},
           {t(Text::automatedYen), true},
           {t(Text::assistedMinutes), true},
           {t(Text::assistedYen), true}},
          std::move(rows));
    paragraph(t(Text::laborColumnsNote));
    paragraph(laborSummary(total, data_.assumptions.countManualRuns, language_));
  }

  void assumptions() {
    heading(Text::assumptionsHeading);
    paragraph(t(Text::assumptionsIntro));
    for (const auto& [label, value] : assumptionLines(data_, language_)) {
      out_ += "- " + labelled(label, value) + "\n";
    }
    out_ += "\n";
    if (!data_.assumptions.playbooksRead) paragraph(t(Text::playbooksUnreadable));
    std::vector<Row> rows;
    for (auto& line : playbookAssumptionLines(data_, language_)) {
      rows.push_back({std::move(line.playbook), std::move(line.description),
                      std::move(line.minutesPerRun), std::move(line.credit),
                      std::move(line.basis)});
    }
    if (!rows.empty()) {
      table({{t(Text::playbook)},
             {t(Text::description)},
             {t(Text::minutesPerRun), true},
             {t(Text::creditRule)},
             {t(Text::basis)}},
            std::move(rows));
    } else if (data_.assumptions.playbooksRead) {
      paragraph(t(Text::noPlaybooks));
    }

    out_ += "### " + t(Text::failedRunsHeading) + "\n\n";
    std::vector<Row> failed;
    for (auto& line : failedRunLines(data_, language_)) {
      failed.push_back({std::move(line.date), std::move(line.playbook), std::move(line.runId),
                        std::move(line.result), std::move(line.error)});
    }
    const auto unlisted = unlistedFailures(data_);
    if (failed.empty() && unlisted.empty()) return paragraph(t(Text::noFailedRuns));
    if (!failed.empty()) {
      table({{t(Text::date)},
             {t(Text::playbook)},
             {t(Text::runId)},
             {t(Text::result)},
             {t(Text::error)}},
            std::move(failed));
    }
    for (const auto& u : unlisted) {
      paragraph(unlistedFailuresSentence(u.playbook, u.count, language_));
    }
  }

  void costs() {
    heading(Text::costHeading);
    if (data_.costs.empty()) return paragraph(t(Text::costEmpty));
    const std::string none = "—";
    std::vector<Row> rows;
    for (const CostRow& c : costRows(data_)) {
      const bool total = c.component == "total";
      const std::string name = componentDisplayName(c.component, language_);
      rows.push_back({total ? "**" + name + "**" : name, formatYen(c.actualYen, language_),
                      c.baselineYen ? formatYen(*c.baselineYen, language_) : none,
                      c.differenceYen ? formatSignedYen(*c.differenceYen, language_) : none,
                      c.differencePercent ? formatSignedPercent(*c.differencePercent) : none});
    }
    table({{t(Text::component)},
           {t(Text::actual), true},
           {t(Text::baseline), true},
           {t(Text::difference), true},
           {t(Text::differencePercent), true}},
          std::move(rows));
    paragraph(baselineSourceSentence(data_, language_));
    paragraph(fxSentence(data_.fxUsdJpy, language_));
  }

  void usage() {
    heading(Text::usageHeading);
    std::vector<Row> rows;
    for (auto& line : usageLines(data_, language_)) {
      rows.push_back({std::move(line.item), std::move(line.target), std::move(line.quantity)});
    }
    table({{t(Text::item)}, {t(Text::target)}, {t(Text::quantity), true}}, std::move(rows));
  }

  void rightsizing() {
    heading(Text::rightsizingHeading);
    if (!data_.rightsizing.available) return paragraph(t(Text::rightsizingUnavailable));
    std::vector<Row> rows;
    for (auto& [label, value] : rightsizingLines(data_, language_)) {
      rows.push_back({std::move(label), std::move(value)});
    }
    table({{t(Text::item)}, {t(Text::value), true}}, std::move(rows));
    const auto& r = data_.rightsizing;
    if (r.suggestedVcpus >= r.currentVcpus) paragraph(t(Text::rightsizingNoChange));
  }

  const ReportData& data_;
  ReportLanguage language_;
  std::string out_;
};

}  // namespace

std::string renderMarkdownReport(const ReportData& data, ReportLanguage language) {
  return MarkdownWriter(data, language).render();
}

}  // namespace unyo::agent
