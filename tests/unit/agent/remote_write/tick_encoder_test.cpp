#include "agent/remote_write/tick_encoder.h"

#include <gtest/gtest.h>
#include <snappy.h>

#include <bit>
#include <cmath>
#include <map>

#include "agent/remote_write/remote.pb.h"

namespace unyo::agent {
namespace {

using prometheus::MetricFamily;

// Every series of the records, decoded by libprotobuf: "labels" -> value.
struct Decoded {
  std::vector<std::vector<std::pair<std::string, std::string>>> labels;
  std::vector<double> values;
  std::vector<std::int64_t> timestamps;

  std::map<std::string, double> byText() const {
    std::map<std::string, double> out;
    for (std::size_t i = 0; i < labels.size(); ++i) {
      std::string text;
      for (const auto& [name, value] : labels[i]) text += name + "=" + value + ",";
      out[text] = values[i];
    }
    return out;
  }
};

Decoded decode(const std::vector<EncodedRecord>& records) {
  Decoded out;
  for (const auto& record : records) {
    std::string plain;
    EXPECT_TRUE(snappy::Uncompress(record.payload.data(), record.payload.size(), &plain));
    prometheus::WriteRequest request;
    EXPECT_TRUE(request.ParseFromString(plain));
    EXPECT_EQ(static_cast<std::uint32_t>(request.timeseries_size()), record.header.samples);
    for (const auto& series : request.timeseries()) {
      std::vector<std::pair<std::string, std::string>> labels;
      for (const auto& label : series.labels()) labels.emplace_back(label.name(), label.value());
      out.labels.push_back(labels);
      EXPECT_EQ(series.samples_size(), 1);
      out.values.push_back(series.samples(0).value());
      out.timestamps.push_back(series.samples(0).timestamp());
    }
  }
  return out;
}

MetricFamily gauge(std::string name, double value, Labels labels = {}) {
  auto family = gaugeFamily(std::move(name), "help");
  addSample(family, value, std::move(labels));
  return family;
}

std::vector<const MetricFamily*> pointers(const std::vector<MetricFamily>& families) {
  std::vector<const MetricFamily*> out;
  for (const auto& family : families) out.push_back(&family);
  return out;
}

const Labels kIdentity = {{"lg_code", "131016"}, {"job", "unyo"}, {"vendor", ""}};

TEST(TickEncoderTest, LabelsAreSortedWithTheIdentityAndEmptyValuesLeftOut) {
  TickEncoder encoder(kIdentity, {}, 100);
  const std::vector<MetricFamily> families = {
      gauge("node_load1", 0.5, {{"zone", "a"}, {"empty", ""}, {"Alpha", "1"}})};
  const Decoded decoded = decode(encoder.encode(pointers(families), 1234));
  ASSERT_EQ(decoded.labels.size(), 1U);
  const std::vector<std::pair<std::string, std::string>> expected = {{"Alpha", "1"},
                                                                     {"__name__", "node_load1"},
                                                                     {"job", "unyo"},
                                                                     {"lg_code", "131016"},
                                                                     {"zone", "a"}};
  EXPECT_EQ(decoded.labels[0], expected);
  EXPECT_EQ(decoded.values[0], 0.5);
  EXPECT_EQ(decoded.timestamps[0], 1234);
}

TEST(TickEncoderTest, AnExportedLabelThatClashesWithTheIdentityIsRenamed) {
  TickEncoder encoder(kIdentity, {}, 100);
  const std::vector<MetricFamily> families = {
      gauge("unyo_agent_info", 1, {{"lg_code", "131016"}, {"system", "x"}}),
      gauge("other", 2, {{"job", "backup"}})};
  const auto byText = decode(encoder.encode(pointers(families), 1)).byText();
  EXPECT_TRUE(byText.contains("__name__=unyo_agent_info,job=unyo,lg_code=131016,system=x,"));
  EXPECT_TRUE(byText.contains("__name__=other,exported_job=backup,job=unyo,lg_code=131016,"));
}

TEST(TickEncoderTest, HistogramsAndSummariesAreSpelledOutAsAScrapeShowsThem) {
  TickEncoder encoder({}, {}, 100);
  auto histogram = makeFamily("run_seconds", "h", prometheus::MetricType::Histogram);
  prometheus::ClientMetric metric;
  metric.histogram.sample_count = 3;
  metric.histogram.sample_sum = 4.5;
  metric.histogram.bucket = {{1, 0.5}, {3, std::numeric_limits<double>::infinity()}};
  histogram.metric.push_back(metric);
  auto summary = makeFamily("lag", "s", prometheus::MetricType::Summary);
  prometheus::ClientMetric quantiles;
  quantiles.summary.sample_count = 2;
  quantiles.summary.sample_sum = 1;
  quantiles.summary.quantile = {{0.99, 0.75}};
  summary.metric.push_back(quantiles);
  const std::vector<MetricFamily> families = {histogram, summary};
  const auto byText = decode(encoder.encode(pointers(families), 1)).byText();
  const std::map<std::string, double> expected = {{"__name__=run_seconds_bucket,le=0.5,", 1},
                                                  {"__name__=run_seconds_bucket,le=+Inf,", 3},
                                                  {"__name__=run_seconds_sum,", 4.5},
                                                  {"__name__=run_seconds_count,", 3},
                                                  {"__name__=lag,quantile=0.99,", 0.75},
                                                  {"__name__=lag_sum,", 1},
                                                  {"__name__=lag_count,", 2}};
  EXPECT_EQ(byText, expected);
}

TEST(TickEncoderTest, RecordsHoldAtMostMaxSamplesEach) {
  TickEncoder encoder({}, {}, 2);
  std::vector<MetricFamily> families;
  for (int i = 0; i < 5; ++i) families.push_back(gauge("g" + std::to_string(i), i));
  const auto records = encoder.encode(pointers(families), 1);
  ASSERT_EQ(records.size(), 3U);
  EXPECT_EQ(records[0].header.samples, 2U);
  EXPECT_EQ(records[2].header.samples, 1U);
  EXPECT_EQ(decode(records).labels.size(), 5U);
}

TEST(TickEncoderTest, ASeriesThatDisappearsGetsAStaleMarkerOnce) {
  TickEncoder encoder({}, {}, 100);
  const std::vector<MetricFamily> both = {gauge("a", 1), gauge("b", 2)};
  const std::vector<MetricFamily> onlyA = {gauge("a", 1)};
  decode(encoder.encode(pointers(both), 1000));
  const Decoded second = decode(encoder.encode(pointers(onlyA), 2000));
  ASSERT_EQ(second.labels.size(), 2U);
  const auto byText = second.byText();
  ASSERT_TRUE(byText.contains("__name__=b,"));
  EXPECT_EQ(std::bit_cast<std::uint64_t>(byText.at("__name__=b,")), kStaleNaNBits);
  EXPECT_EQ(second.timestamps[1], 2000);
  EXPECT_EQ(decode(encoder.encode(pointers(onlyA), 3000)).labels.size(), 1U);
}

TEST(TickEncoderTest, MatchKeepsOnlyTheNamedMetrics) {
  TickEncoder encoder({}, {"unyo_cost_.*", "node_load1"}, 100);
  const std::vector<MetricFamily> families = {gauge("unyo_cost_yen_total", 1),
                                              gauge("node_load1", 2), gauge("node_load15", 3),
                                              gauge("xunyo_cost_", 4)};
  const auto byText = decode(encoder.encode(pointers(families), 1)).byText();
  EXPECT_EQ(byText.size(), 2U);
  EXPECT_TRUE(byText.contains("__name__=unyo_cost_yen_total,"));
  EXPECT_TRUE(byText.contains("__name__=node_load1,"));
}

TEST(TickEncoderTest, LabelValuesThatAreNotUtf8AreRepairedNotRefused) {
  TickEncoder encoder({}, {}, 100);
  const std::vector<MetricFamily> families = {
      gauge("node_filesystem_avail_bytes", 1, {{"mountpoint", "/mnt/\xff\xfe"}}),
      gauge("unyo_agent_info", 1, {{"municipality_name", "千代田区"}})};
  const auto byText = decode(encoder.encode(pointers(families), 1)).byText();
  EXPECT_TRUE(
      byText.contains("__name__=node_filesystem_avail_bytes,mountpoint=/mnt/\uFFFD\uFFFD,"));
  EXPECT_TRUE(byText.contains("__name__=unyo_agent_info,municipality_name=千代田区,"));
}

TEST(TickEncoderTest, TheSameSeriesTwiceInOneTickIsSentOnce) {
  TickEncoder encoder({}, {}, 100);
  const std::vector<MetricFamily> families = {gauge("a", 1), gauge("a", 2)};
  const Decoded decoded = decode(encoder.encode(pointers(families), 1));
  ASSERT_EQ(decoded.values.size(), 1U);
  EXPECT_EQ(decoded.values[0], 1);
}

}  // namespace
}  // namespace unyo::agent
