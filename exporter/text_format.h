#pragma once

// Prometheus text exposition format 0.0.4, written straight into a string
// (no iostreams): a scrape of a few thousand series should cost microseconds.

#include <span>
#include <string>
#include <string_view>

#include "prometheus/metric_family.h"

namespace unyo::exporter {

inline constexpr std::string_view kTextContentType = "text/plain; version=0.0.4; charset=utf-8";

// Appends `families` to `out`: for each family with samples a HELP line, a
// TYPE line, then its samples (histograms and summaries as their
// _bucket/quantile, _sum and _count series). Families without samples are
// left out.
void appendTextFormat(std::string& out, std::span<const prometheus::MetricFamily> families);

// A sample value as Prometheus spells it: shortest round-trip form, "+Inf",
// "-Inf", "NaN".
void appendSampleValue(std::string& out, double value);

}  // namespace unyo::exporter
