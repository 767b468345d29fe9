#include "agent/remote_write/tick_encoder.h"

#include <snappy.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

#include "agent/remote_write/remote.pb.h"  // generated from remote.proto
#include "exporter/text_format.h"
#include "playbooks/net/body_excerpt.h"

namespace unyo::agent {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

// A series' identity as one string: "name\0value\0" per label, sorted. It
// keys duplicates and stale tracking, and decodes back into labels.
std::string seriesKey(const Labels& sorted) {
  std::string key;
  for (const auto& label : sorted) {
    key += label.name;
    key += '\0';
    key += label.value;
    key += '\0';
  }
  return key;
}

Labels labelsOfKey(const std::string& key) {
  Labels labels;
  std::size_t at = 0;
  while (at < key.size()) {
    const std::size_t nameEnd = key.find('\0', at);
    const std::size_t valueEnd = key.find('\0', nameEnd + 1);
    labels.push_back(
        {key.substr(at, nameEnd - at), key.substr(nameEnd + 1, valueEnd - nameEnd - 1)});
    at = valueEnd + 1;
  }
  return labels;
}

// Protobuf strings must be UTF-8, and a receiver refuses the whole request
// when one is not. Label values come from the host (mount points, unit
// names), where any bytes can occur: invalid ones become U+FFFD.
void makeValidUtf8(std::string& value) {
  const bool ascii = std::all_of(value.begin(), value.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (!ascii) value = playbooks::net::utf8Excerpt(value, value.size() * 3);
}

std::string formatBound(double value) {
  std::string text;
  exporter::appendSampleValue(text, value);
  return text;
}

// Collects one tick's requests, cutting a record every `maxSamples`.
class RecordBuilder {
 public:
  RecordBuilder(std::size_t maxSamples, std::int64_t timestampMs)
      : maxSamples_(std::max<std::size_t>(maxSamples, 1)), timestampMs_(timestampMs) {}

  void add(const Labels& sorted, double value) {
    auto* series = request_.add_timeseries();
    for (const auto& label : sorted) {
      auto* out = series->add_labels();
      out->set_name(label.name);
      out->set_value(label.value);
    }
    auto* sample = series->add_samples();
    sample->set_value(value);
    sample->set_timestamp(timestampMs_);
    if (static_cast<std::size_t>(request_.timeseries_size()) >= maxSamples_) cut();
  }

  std::vector<EncodedRecord> finish() {
    cut();
    return std::move(records_);
  }

 private:
  void cut() {
    if (request_.timeseries_size() == 0) return;
    EncodedRecord record;
    record.header.samples = static_cast<std::uint32_t>(request_.timeseries_size());
    record.header.timestampMs = timestampMs_;
    const std::string plain = request_.SerializeAsString();
    snappy::Compress(plain.data(), plain.size(), &record.payload);
    record.header.payloadSize = static_cast<std::uint32_t>(record.payload.size());
    records_.push_back(std::move(record));
    request_.Clear();
  }

  std::size_t maxSamples_;
  std::int64_t timestampMs_;
  prometheus::WriteRequest request_;
  std::vector<EncodedRecord> records_;
};

}  // namespace

TickEncoder::TickEncoder(Labels identity, const std::vector<std::string>& match,
                         std::size_t maxSamples)
    : maxSamples_(maxSamples) {
  for (auto& label : identity) {
    if (!label.value.empty()) identity_.push_back(std::move(label));
  }
  std::sort(identity_.begin(), identity_.end(),
            [](const Label& a, const Label& b) { return a.name < b.name; });
  for (const auto& pattern : match) match_.emplace_back(pattern, std::regex::ECMAScript);
}

bool TickEncoder::selected(const std::string& familyName) {
  if (match_.empty()) return true;
  auto [it, inserted] = selectedCache_.try_emplace(familyName, false);
  if (inserted) {
    it->second = std::any_of(match_.begin(), match_.end(), [&](const std::regex& re) {
      return std::regex_match(familyName, re);
    });
  }
  return it->second;
}

std::vector<EncodedRecord> TickEncoder::encode(const std::vector<const MetricFamily*>& families,
                                               std::int64_t timestampMs) {
  RecordBuilder builder(maxSamples_, timestampMs);
  std::unordered_set<std::string> current;
  Labels labels;

  // One sample: the family's labels with the identity's (an exported label
  // that clashes with an identity label and differs becomes exported_NAME,
  // as Prometheus does with honor_labels off), sorted.
  auto emit = [&](const MetricFamily& family, const ClientMetric& metric, const char* suffix,
                  double value, const char* extraName = nullptr, double extraValue = 0) {
    labels.clear();
    labels.push_back({"__name__", family.name + suffix});
    for (const auto& label : metric.label) {
      if (label.value.empty()) continue;
      const auto clash = std::find_if(identity_.begin(), identity_.end(),
                                      [&](const Label& id) { return id.name == label.name; });
      if (clash == identity_.end()) {
        labels.push_back(label);
      } else if (clash->value != label.value) {
        labels.push_back({"exported_" + label.name, label.value});
      }
    }
    if (extraName != nullptr) labels.push_back({extraName, formatBound(extraValue)});
    labels.insert(labels.end(), identity_.begin(), identity_.end());
    std::sort(labels.begin(), labels.end(),
              [](const Label& a, const Label& b) { return a.name < b.name; });
    labels.erase(std::unique(labels.begin(), labels.end(),
                             [](const Label& a, const Label& b) { return a.name == b.name; }),
                 labels.end());
    for (auto& label : labels) makeValidUtf8(label.value);
    // A series twice in one tick would make the receiver refuse the batch.
    if (!current.insert(seriesKey(labels)).second) return;
    builder.add(labels, value);
  };

  for (const MetricFamily* family : families) {
    if (family == nullptr || !selected(family->name)) continue;
    for (const ClientMetric& metric : family->metric) {
      switch (family->type) {
        case MetricType::Counter:
          emit(*family, metric, "", metric.counter.value);
          break;
        case MetricType::Gauge:
          emit(*family, metric, "", metric.gauge.value);
          break;
        case MetricType::Untyped:
          emit(*family, metric, "", metric.untyped.value);
          break;
        case MetricType::Histogram: {
          bool sawInfinity = false;
          for (const auto& bucket : metric.histogram.bucket) {
            emit(*family, metric, "_bucket", static_cast<double>(bucket.cumulative_count), "le",
                 bucket.upper_bound);
            sawInfinity = sawInfinity || (std::isinf(bucket.upper_bound) && bucket.upper_bound > 0);
          }
          if (!sawInfinity) {
            emit(*family, metric, "_bucket", static_cast<double>(metric.histogram.sample_count),
                 "le", std::numeric_limits<double>::infinity());
          }
          emit(*family, metric, "_sum", metric.histogram.sample_sum);
          emit(*family, metric, "_count", static_cast<double>(metric.histogram.sample_count));
          break;
        }
        case MetricType::Summary:
          for (const auto& quantile : metric.summary.quantile) {
            emit(*family, metric, "", quantile.value, "quantile", quantile.quantile);
          }
          emit(*family, metric, "_sum", metric.summary.sample_sum);
          emit(*family, metric, "_count", static_cast<double>(metric.summary.sample_count));
          break;
      }
    }
  }

  const double stale = std::bit_cast<double>(kStaleNaNBits);
  for (const auto& key : previous_) {
    if (!current.contains(key)) builder.add(labelsOfKey(key), stale);
  }
  previous_ = std::move(current);
  return builder.finish();
}

}  // namespace unyo::agent
