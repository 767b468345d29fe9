// The report as Markdown: headings, a bullet list for the header and pipe
// tables with right-aligned numbers (markdown_table.h).

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
    costs();
    usage();
    rightsizing();
    while (out_.ends_with("\n\n")) out_.pop_back();
    return out_;
  }

 private:
  std::string t(Text key) const { return std::string(text(key, language_)); }
  bool ja() const { return language_ == ReportLanguage::ja; }
  std::string labelled(Text key, const std::string& value) const {
    return t(key) + (ja() ? "：" : ": ") + value;
  }
  void heading(Text key) { out_ += "## " + t(key) + "\n\n"; }
  void paragraph(const std::string& text) { out_ += text + "\n\n"; }

  void header() {
    const std::string system = systemDisplayName(data_.identity.system, language_);
    out_ += "# " + t(Text::title) + (ja() ? "：" : ": ") + system + "\n\n";
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
    std::vector<Row> rows;
    for (const auto& p : data_.labor) {
      rows.push_back({p.playbook, std::to_string(p.runs), std::to_string(p.successes),
                      formatMinutes(p.minutes), formatYen(p.yen, language_)});
    }
    const LaborTotal total = laborTotal(data_);
    rows.push_back({"**" + t(Text::total) + "**", std::to_string(total.runs),
                    std::to_string(total.successes), formatMinutes(total.minutes),
                    formatYen(total.yen, language_)});
    appendMarkdownTable(out_,
                        {{t(Text::playbook)},
                         {t(Text::runs), true},
                         {t(Text::successes), true},
                         {t(Text::minutesSaved), true},
                         {t(Text::yenSaved), true}},
                        std::move(rows));
    paragraph(laborSummary(total.minutes, total.yen, language_));
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
    appendMarkdownTable(out_,
                        {{t(Text::component)},
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
    appendMarkdownTable(out_, {{t(Text::item)}, {t(Text::target)}, {t(Text::quantity), true}},
                        std::move(rows));
  }

  void rightsizing() {
    heading(Text::rightsizingHeading);
    if (!data_.rightsizing.available) return paragraph(t(Text::rightsizingUnavailable));
    std::vector<Row> rows;
    for (auto& [label, value] : rightsizingLines(data_, language_)) {
      rows.push_back({std::move(label), std::move(value)});
    }
    appendMarkdownTable(out_, {{t(Text::item)}, {t(Text::value), true}}, std::move(rows));
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
