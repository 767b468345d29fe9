// The report as Markdown: headings, a bullet list for the header and pipe
// tables with right-aligned numbers. Columns are padded to the same display
// width (Japanese characters count two) so the file reads well as plain text.

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "agent/report/report_data.h"
#include "agent/report/report_rows.h"
#include "agent/report/report_text.h"

namespace unyo::agent {
namespace {

struct Column {
  std::string header;
  bool numeric = false;
};
using Row = std::vector<std::string>;

// Columns a monospace font gives to one UTF-8 code point: two for East Asian
// wide and fullwidth characters.
std::size_t codePointWidth(char32_t c) {
  const bool wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
                    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
                    (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
                    (c >= 0xFFE0 && c <= 0xFFE6);
  return wide ? 2 : 1;
}

std::size_t displayWidth(const std::string& text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    char32_t c = lead < 0x80   ? lead
                 : lead < 0xE0 ? lead & 0x1Fu
                 : lead < 0xF0 ? lead & 0x0Fu
                               : lead & 0x07u;
    for (std::size_t k = 1; k < length && i + k < text.size(); ++k) {
      c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
    }
    width += codePointWidth(c);
    i += length;
  }
  return width;
}

// A cell never breaks the table: '|' is escaped, line breaks become spaces.
std::string cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string padded(const std::string& text, std::size_t width, bool right) {
  const std::string padding(width - std::min(width, displayWidth(text)), ' ');
  return right ? padding + text : text + padding;
}

void appendTable(std::string& out, const std::vector<Column>& columns, std::vector<Row> rows) {
  std::vector<std::size_t> widths(columns.size(), 3);
  for (std::size_t i = 0; i < columns.size(); ++i) {
    widths[i] = std::max(widths[i], displayWidth(columns[i].header));
  }
  for (auto& row : rows) {
    for (std::size_t i = 0; i < row.size() && i < columns.size(); ++i) {
      row[i] = cell(row[i]);
      widths[i] = std::max(widths[i], displayWidth(row[i]));
    }
  }
  std::string line = "|";
  std::string rule = "|";
  for (std::size_t i = 0; i < columns.size(); ++i) {
    line += " " + padded(columns[i].header, widths[i], columns[i].numeric) + " |";
    rule += columns[i].numeric ? " " + std::string(widths[i] - 1, '-') + ": |"
                               : " " + std::string(widths[i], '-') + " |";
  }
  out += line + "\n" + rule + "\n";
  for (const auto& row : rows) {
    line = "|";
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const std::string& value = i < row.size() ? row[i] : std::string();
      line += " " + padded(value, widths[i], columns[i].numeric) + " |";
    }
    out += line + "\n";
  }
  out += "\n";
}

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
    appendTable(out_,
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
    appendTable(out_,
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
    appendTable(out_, {{t(Text::item)}, {t(Text::target)}, {t(Text::quantity), true}},
                std::move(rows));
  }

  void rightsizing() {
    heading(Text::rightsizingHeading);
    if (!data_.rightsizing.available) return paragraph(t(Text::rightsizingUnavailable));
    std::vector<Row> rows;
    for (auto& [label, value] : rightsizingLines(data_, language_)) {
      rows.push_back({std::move(label), std::move(value)});
    }
    appendTable(out_, {{t(Text::item)}, {t(Text::value), true}}, std::move(rows));
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
