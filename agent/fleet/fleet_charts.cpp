#include "agent/fleet/fleet_charts.h"

#include <algorithm>
#include <cmath>

#include "agent/fleet/fleet_text.h"
#include "agent/report/html_escape.h"
#include "agent/report/svg_charts.h"

namespace unyo::agent {
namespace {

constexpr double kWidth = 720;
constexpr double kLabel = 190;  // room for the names on the left
constexpr double kRight = 16;
constexpr double kTop = 24;   // room for the axis labels
constexpr double kLane = 28;  // one system in the box plot
constexpr double kBar = 16;   // one row in the cost chart

std::string num(double value) { return formatRaw(value, 1); }

struct Scale {
  double max;
  double x(double value) const {
    return kLabel + std::clamp(value / max, 0.0, 1.0) * (kWidth - kLabel - kRight);
  }
};

std::string svgOpen(const std::string& id, double height, const std::string& title) {
  return "<svg id=\"" + id +
         "\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + num(kWidth) +
         " " + num(height) + "\" role=\"img\" aria-label=\"" + htmlEscape(title) + "\">\n<title>" +
         htmlEscape(title) + "</title>\n";
}

std::string text(double x, double y, const std::string& anchor, const std::string& content,
                 const std::string& cls = "") {
  return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor + "\"" +
         (cls.empty() ? "" : " class=\"" + cls + "\"") + ">" + htmlEscape(content) + "</text>\n";
}

std::string line(double x1, double y1, double x2, double y2, const std::string& cls) {
  return "<line class=\"" + cls + "\" x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" +
         num(x2) + "\" y2=\"" + num(y2) + "\"/>\n";
}

// Grid lines and labels at 0, half and the top of the scale.
std::string axis(const Scale& scale, double bottom, int decimals, ReportLanguage language) {
  std::string out;
  for (double fraction : {0.0, 0.5, 1.0}) {
    const double x = scale.x(scale.max * fraction);
    out += line(x, kTop - 4, x, bottom, "grid");
    out += text(x, kTop - 8,
                fraction == 0   ? "start"
                : fraction == 1 ? "end"
                                : "middle",
                formatYen(scale.max * fraction, language, decimals), "tick");
  }
  return out;
}

std::string rowName(const FleetRow& row, ReportLanguage language) {
  const std::string who = row.municipalityName.empty() ? row.lgCode : row.municipalityName;
  return who + " " + systemDisplayName(row.system, language);
}

}  // namespace

std::string yenPerResidentChart(const FleetReportData& data, ReportLanguage language) {
  double max = 0;
  for (const auto& row : data.rows) max = std::max(max, row.yenPerResident.value_or(0));
  std::vector<const FleetSystemSummary*> shown;
  for (const auto& summary : data.systems) {
    if (summary.yenPerResident) shown.push_back(&summary);
  }
  if (shown.empty()) return "";
  const Scale scale{niceCeiling(max)};
  const double height = kTop + kLane * static_cast<double>(shown.size()) + 8;
  std::string out = svgOpen("yen-per-resident-chart", height,
                            std::string(fleetText(FleetText::boxChart, language)));
  out += axis(scale, height - 8, 2, language);
  for (std::size_t lane = 0; lane < shown.size(); ++lane) {
    const auto& summary = *shown[lane];
    const auto& q = *summary.yenPerResident;
    const double top = kTop + kLane * static_cast<double>(lane) + 6;
    const double middle = top + (kLane - 12) / 2;
    out += "<g class=\"system\">\n";
    out += text(kLabel - 8, middle + 4, "end", systemDisplayName(summary.system, language));
    // Whiskers reach the farthest values inside the fences.
    double low = q.q1;
    double high = q.q3;
    for (const auto& row : data.rows) {
      if (row.system != summary.system || !row.yenPerResident || row.outlier != Outlier::none) {
        continue;
      }
      low = std::min(low, *row.yenPerResident);
      high = std::max(high, *row.yenPerResident);
    }
    out += line(scale.x(low), middle, scale.x(high), middle, "whisker");
    out += "<rect class=\"box\" x=\"" + num(scale.x(q.q1)) + "\" y=\"" + num(top) + "\" width=\"" +
           num(std::max(1.0, scale.x(q.q3) - scale.x(q.q1))) + "\" height=\"" + num(kLane - 12) +
           "\"/>\n";
    out += line(scale.x(q.median), top, scale.x(q.median), top + kLane - 12, "median");
    for (const auto& row : data.rows) {
      if (row.system != summary.system || !row.yenPerResident) continue;
      const bool outlier = row.outlier != Outlier::none;
      out += "<circle class=\"" + std::string(outlier ? "outlier" : "point") + "\" cx=\"" +
             num(scale.x(*row.yenPerResident)) + "\" cy=\"" + num(middle) + "\" r=\"" +
             (outlier ? "4" : "3") + "\"><title>" +
             htmlEscape(rowName(row, language) + " (" + vendorsDisplay(row) + ") " +
                        yenPerResidentDisplay(*row.yenPerResident, language)) +
             "</title></circle>\n";
    }
    out += "</g>\n";
  }
  return out + "</svg>\n";
}

std::string costChart(const FleetReportData& data, ReportLanguage language) {
  if (data.rows.empty()) return "";
  double max = 0;
  for (const auto& row : data.rows) {
    max = std::max({max, row.costYen, row.estimateYen.value_or(0)});
  }
  const Scale scale{niceCeiling(max)};
  const double height = kTop + kBar * static_cast<double>(data.rows.size()) + 8;
  std::string out =
      svgOpen("cost-chart", height, std::string(fleetText(FleetText::costChart, language)));
  out += axis(scale, height - 8, 0, language);
  for (std::size_t i = 0; i < data.rows.size(); ++i) {
    const auto& row = data.rows[i];
    const double top = kTop + kBar * static_cast<double>(i) + 2;
    std::string title = rowName(row, language) + ": " + formatYen(row.costYen, language);
    if (row.estimateYen) title += " / " + formatYen(*row.estimateYen, language);
    out += text(kLabel - 8, top + kBar - 6, "end", rowName(row, language));
    out += "<rect class=\"bar\" x=\"" + num(kLabel) + "\" y=\"" + num(top) + "\" width=\"" +
           num(scale.x(row.costYen) - kLabel) + "\" height=\"" + num(kBar - 4) + "\"><title>" +
           htmlEscape(title) + "</title></rect>\n";
    if (row.estimateYen) {
      const double x = scale.x(*row.estimateYen);
      out += line(x, top - 1, x, top + kBar - 3, "estimate");
    }
  }
  return out + "</svg>\n";
}

}  // namespace unyo::agent
