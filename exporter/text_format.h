#pragma once

// Prometheus text exposition format 0.0.4.

#include <span>
#include <string>
#include <string_view>

#include "prometheus/metric_family.h"

namespace unyo::exporter {

inline constexpr std::string_view kTextContentType = "text/plain; version=0.0.4; charset=utf-8";

// Appends `families` to `out` (HELP, TYPE, then one line per sample).
void appendTextFormat(std::string& out, std::span<const prometheus::MetricFamily> families);

}  // namespace unyo::exporter
