#include "exporter/text_format.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>

namespace unyo::exporter {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

std::string_view typeName(MetricType type) {
  switch (type) {
    case MetricType::Counter:
      return "counter";
    case MetricType::Gauge:
      return "gauge";
    case MetricType::Summary:
      return "summary";
    case MetricType::Histogram:
      return "histogram";
    case MetricType::Untyped:
      break;
  }
  return "untyped";
}

// HELP text escapes backslash and newline; label values also the quote.
void appendEscaped(std::string& out, std::string_view text, bool escapeQuote) {
  for (const char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '"':
        if (escapeQuote) {
          out += "\\\"";
          break;
        }
        [[fallthrough]];
      default:
        out += c;
    }
  }
}

template <class Integer>
void appendInteger(std::string& out, Integer value) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

// Writes one sample line: NAME SUFFIX {LABELS, EXTRA="EXTRAVALUE"} VALUE [TIMESTAMP].
class SampleWriter {
 public:
  SampleWriter(std::string& out, const MetricFamily& family) : out_(out), family_(family) {}

  void write(const ClientMetric& metric, std::string_view suffix, double value,
             std::string_view extraLabel = {}, double extraValue = 0) {
    beginLine(metric, suffix, extraLabel, extraValue);
    appendSampleValue(out_, value);
    endLine(metric);
  }

  void writeCount(const ClientMetric& metric, std::string_view suffix, std::uint64_t count,
                  std::string_view extraLabel = {}, double extraValue = 0) {
    beginLine(metric, suffix, extraLabel, extraValue);
    appendInteger(out_, count);
    endLine(metric);
  }

 private:
  void beginLine(const ClientMetric& metric, std::string_view suffix, std::string_view extraLabel,
                 double extraValue) {
    out_ += family_.name;
    out_ += suffix;
    if (!metric.label.empty() || !extraLabel.empty()) {
      out_ += '{';
      bool first = true;
      for (const auto& label : metric.label) {
        if (!first) out_ += ',';
        first = false;
        out_ += label.name;
        out_ += "=\"";
        appendEscaped(out_, label.value, true);
        out_ += '"';
      }
      if (!extraLabel.empty()) {
        if (!first) out_ += ',';
        out_ += extraLabel;
        out_ += "=\"";
        appendSampleValue(out_, extraValue);
        out_ += '"';
      }
      out_ += '}';
    }
    out_ += ' ';
  }

  void endLine(const ClientMetric& metric) {
    if (metric.timestamp_ms != 0) {
      out_ += ' ';
      appendInteger(out_, metric.timestamp_ms);
    }
    out_ += '\n';
  }

  std::string& out_;
  const MetricFamily& family_;
};

void appendHistogram(SampleWriter& writer, const ClientMetric& metric) {
  const auto& histogram = metric.histogram;
  bool sawInfinity = false;
  for (const auto& bucket : histogram.bucket) {
    writer.writeCount(metric, "_bucket", bucket.cumulative_count, "le", bucket.upper_bound);
    sawInfinity = sawInfinity || (std::isinf(bucket.upper_bound) && bucket.upper_bound > 0);
  }
  // The +Inf bucket is mandatory; prometheus-cpp includes it, hand-built
  // families may not.
  if (!sawInfinity)
    writer.writeCount(metric, "_bucket", histogram.sample_count, "le",
                      std::numeric_limits<double>::infinity());
  writer.write(metric, "_sum", histogram.sample_sum);
  writer.writeCount(metric, "_count", histogram.sample_count);
}

void appendSummary(SampleWriter& writer, const ClientMetric& metric) {
  for (const auto& quantile : metric.summary.quantile) {
    writer.write(metric, "", quantile.value, "quantile", quantile.quantile);
  }
  writer.write(metric, "_sum", metric.summary.sample_sum);
  writer.writeCount(metric, "_count", metric.summary.sample_count);
}

void appendFamily(std::string& out, const MetricFamily& family) {
  out += "# HELP ";
  out += family.name;
  out += ' ';
  appendEscaped(out, family.help, false);
  out += "\n# TYPE ";
  out += family.name;
  out += ' ';
  out += typeName(family.type);
  out += '\n';

  SampleWriter writer(out, family);
  for (const ClientMetric& metric : family.metric) {
    switch (family.type) {
      case MetricType::Counter:
        writer.write(metric, "", metric.counter.value);
        break;
      case MetricType::Gauge:
        writer.write(metric, "", metric.gauge.value);
        break;
      case MetricType::Untyped:
        writer.write(metric, "", metric.untyped.value);
        break;
      case MetricType::Histogram:
        appendHistogram(writer, metric);
        break;
      case MetricType::Summary:
        appendSummary(writer, metric);
        break;
    }
  }
}

}  // namespace

void appendSampleValue(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NaN";
  } else if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
  } else {
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
  }
}

void appendTextFormat(std::string& out, std::span<const prometheus::MetricFamily> families) {
  for (const MetricFamily& family : families) {
    if (!family.metric.empty()) appendFamily(out, family);
  }
}

}  // namespace unyo::exporter
