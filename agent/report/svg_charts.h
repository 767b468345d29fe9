#pragma once

// The two inline SVG charts of the HTML report: daily cost against the
// estimate's daily share, and labor saved per week. Self-contained markup,
// scaled through viewBox, safe with all-zero data.

#include <string>

#include "agent/report/report_data.h"

namespace unyo::agent {

// The smallest 1, 2 or 5 x 10^k at or above `value`: the top of an axis.
// All-zero data still gets an axis of 1 so nothing divides by zero.
double niceCeiling(double value);

// <svg id="daily-cost-chart">: one rect.bar per day (with a <title>), a
// polyline.baseline when the days carry an estimate.
std::string dailyCostChart(const ReportData& data, ReportLanguage language);

// <svg id="weekly-labor-chart">: one rect.bar per week, height by yen saved.
std::string weeklyLaborChart(const ReportData& data, ReportLanguage language);

}  // namespace unyo::agent
