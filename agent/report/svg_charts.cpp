#include "agent/report/svg_charts.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "agent/report/report_text.h"

namespace unyo::agent {

double niceCeiling(double value) {
  if (!(value > 0)) return 1;
  const double power = std::pow(10.0, std::floor(std::log10(value)));
  for (double step : {1.0, 2.0, 5.0, 10.0}) {
    if (value <= step * power * (1 + 1e-9)) return step * power;
  }
  return 10 * power;
}

namespace {

constexpr double kWidth = 720;
constexpr double kLeft = 80;  // room for the yen labels of the y axis
constexpr double kRight = 12;
constexpr double kTop = 30;  // room for the legend
constexpr double kBottom = 28;

std::string num(double value) { return formatRaw(value, 1); }

struct Plot {
  double height;  // the whole chart
  double top() const { return kTop; }
  double bottom() const { return height - kBottom; }
  double inner() const { return bottom() - top(); }
  double y(double value, double max) const {
    return bottom() - std::clamp(value / max, 0.0, 1.0) * inner();
  }
};

std::string textElement(double x, double y, const std::string& anchor, const std::string& content,
                        const std::string& cls = "") {
  return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor + "\"" +
         (cls.empty() ? "" : " class=\"" + cls + "\"") + ">" + htmlEscape(content) + "</text>";
}

std::string svgOpen(const std::string& id, double height, const std::string& title) {
  return "<svg id=\"" + id +
         "\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + num(kWidth) +
         " " + num(height) + "\" role=\"img\" aria-label=\"" + htmlEscape(title) + "\">\n<title>" +
         htmlEscape(title) + "</title>\n";
}

// The axes with three yen labels on the y axis: 0, half, top.
std::string axes(const Plot& plot, double max, ReportLanguage language) {
  std::string out = "<g class=\"axes\">\n";
  for (double fraction : {0.0, 0.5, 1.0}) {
    const double y = plot.y(max * fraction, max);
    out += "<line class=\"grid\" x1=\"" + num(kLeft) + "\" y1=\"" + num(y) + "\" x2=\"" +
           num(kWidth - kRight) + "\" y2=\"" + num(y) + "\"/>\n";
    out += textElement(kLeft - 6, y + 4, "end", formatYen(max * fraction, language)) + "\n";
  }
  out += "<line class=\"axis\" x1=\"" + num(kLeft) + "\" y1=\"" + num(plot.top()) + "\" x2=\"" +
         num(kLeft) + "\" y2=\"" + num(plot.bottom()) + "\"/>\n";
  out += "<line class=\"axis\" x1=\"" + num(kLeft) + "\" y1=\"" + num(plot.bottom()) + "\" x2=\"" +
         num(kWidth - kRight) + "\" y2=\"" + num(plot.bottom()) + "\"/>\n</g>\n";
  return out;
}

std::string bar(double x, double width, double y, const Plot& plot, const std::string& title) {
  return "<rect class=\"bar\" x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(width) +
         "\" height=\"" + num(plot.bottom() - y) + "\"><title>" + htmlEscape(title) +
         "</title></rect>\n";
}

std::string legendBox(double x, const std::string& cls, const std::string& label) {
  return "<rect class=\"" + cls + "\" x=\"" + num(x) + "\" y=\"8\" width=\"12\" height=\"12\"/>\n" +
         textElement(x + 16, 18, "start", label) + "\n";
}

// The number in date[from, from + 2), or -1 when it is not two digits.
int twoDigits(const std::string& date, std::size_t from) {
  int value = -1;
  if (date.size() == 10) {
    const char* first = date.data() + from;
    if (std::from_chars(first, first + 2, value).ptr != first + 2) value = -1;
  }
  return value;
}

// "2026-11-02" -> "11/2" for the x axis.
std::string monthDay(const std::string& date) {
  const int month = twoDigits(date, 5);
  const int day = twoDigits(date, 8);
  return month < 0 || day < 0 ? date : std::to_string(month) + "/" + std::to_string(day);
}

std::string dayOfMonth(const std::string& date) {
  const int day = twoDigits(date, 8);
  return day < 0 ? date : std::to_string(day);
}

}  // namespace

std::string dailyCostChart(const ReportData& data, ReportLanguage language) {
  const bool ja = language == ReportLanguage::ja;
  const Plot plot{260};
  const auto& days = data.daily;
  double max = 0;
  bool anyBaseline = false;
  for (const auto& day : days) {
    max = std::max({max, day.actualYen, day.baselineYen.value_or(0)});
    anyBaseline = anyBaseline || day.baselineYen.has_value();
  }
  max = niceCeiling(max);
  const double slot =
      (kWidth - kLeft - kRight) / static_cast<double>(std::max<std::size_t>(days.size(), 1));
  const double barWidth = slot * 0.7;

  std::string out =
      svgOpen("daily-cost-chart", plot.height, std::string(text(Text::dailyChart, language)));
  out += axes(plot, max, language);
  out += legendBox(kLeft, "bar-key", std::string(text(Text::actual, language)));
  if (anyBaseline) {
    out += legendBox(kLeft + 120, "baseline-key", std::string(text(Text::chartBaseline, language)));
  }
  std::string points;
  for (std::size_t i = 0; i < days.size(); ++i) {
    const auto& day = days[i];
    const double x = kLeft + slot * static_cast<double>(i);
    std::string title =
        formatDate(day.date, language) + (ja ? "：" : ": ") + formatYen(day.actualYen, language);
    if (day.baselineYen) {
      title += (ja ? "／" : " / ") + std::string(text(Text::chartBaseline, language)) +
               (ja ? "：" : ": ") + formatYen(*day.baselineYen, language);
      if (!points.empty()) points += ' ';
      points += num(x + slot / 2) + "," + num(plot.y(*day.baselineYen, max));
    }
    out += bar(x + (slot - barWidth) / 2, barWidth, plot.y(day.actualYen, max), plot, title);
    if (days.size() <= 31 || i % 7 == 0) {
      out += textElement(x + slot / 2, plot.bottom() + 16, "middle", dayOfMonth(day.date), "tick") +
             "\n";
    }
  }
  if (anyBaseline) out += "<polyline class=\"baseline\" points=\"" + points + "\"/>\n";
  return out + "</svg>\n";
}

std::string weeklyLaborChart(const ReportData& data, ReportLanguage language) {
  const Plot plot{220};
  const auto& weeks = data.weekly;
  double max = 0;
  for (const auto& week : weeks) max = std::max(max, week.yen);
  max = niceCeiling(max);
  const double slot =
      (kWidth - kLeft - kRight) / static_cast<double>(std::max<std::size_t>(weeks.size(), 1));
  const double barWidth = std::min(slot * 0.6, 80.0);

  std::string out =
      svgOpen("weekly-labor-chart", plot.height, std::string(text(Text::weeklyChart, language)));
  out += axes(plot, max, language);
  out += legendBox(kLeft, "bar-key", std::string(text(Text::yenSaved, language)));
  for (std::size_t i = 0; i < weeks.size(); ++i) {
    const double x = kLeft + slot * static_cast<double>(i);
    out += bar(x + (slot - barWidth) / 2, barWidth, plot.y(weeks[i].yen, max), plot,
               weekTitle(weeks[i], language));
    out += textElement(x + slot / 2, plot.bottom() + 16, "middle", monthDay(weeks[i].weekStart),
                       "tick") +
           "\n";
  }
  return out + "</svg>\n";
}

}  // namespace unyo::agent
