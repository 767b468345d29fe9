#include "exporter/text_format.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>

#include "prometheus/counter.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"
#include "prometheus/summary.h"

namespace unyo::exporter {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

constexpr double kInf = std::numeric_limits<double>::infinity();

// A counter, gauge or untyped sample: the writer reads the field of the family's type.
ClientMetric sample(std::vector<ClientMetric::Label> labels, double value,
                    std::int64_t timestampMs = 0) {
  ClientMetric m;
  m.label = std::move(labels);
  m.counter.value = m.gauge.value = m.untyped.value = value;
  m.timestamp_ms = timestampMs;
  return m;
}

std::string render(const std::vector<MetricFamily>& families) {
  std::string out;
  appendTextFormat(out, families);
  return out;
}

TEST(TextFormatTest, WritesCountersGaugesAndUntypedWithEscapes) {
  std::vector<MetricFamily> families;
  families.push_back({"unyo_playbook_runs_total",
                      "Runs by result.\nSecond line with \\ in it.",
                      MetricType::Counter,
                      {sample({{"playbook", "purge"}, {"result", "success"}}, 3),
                       sample({{"playbook", "a\"b\\c\nd"}, {"result", "failure"}}, 0.5)}});
  families.push_back({"empty_family", "Has no samples.", MetricType::Gauge, {}});
  families.push_back(
      {"node_load1", "1m load average.", MetricType::Gauge, {sample({}, 0.25, 1700000000123)}});
  families.push_back(
      {"legacy", "An \"untyped\" one.", MetricType::Untyped, {sample({{"x", "1"}}, -2)}});

  EXPECT_EQ(render(families),
            "# HELP unyo_playbook_runs_total Runs by result.\\nSecond line with \\\\ in it.\n"
            "# TYPE unyo_playbook_runs_total counter\n"
            "unyo_playbook_runs_total{playbook=\"purge\",result=\"success\"} 3\n"
            "unyo_playbook_runs_total{playbook=\"a\\\"b\\\\c\\nd\",result=\"failure\"} 0.5\n"
            "# HELP node_load1 1m load average.\n"
            "# TYPE node_load1 gauge\n"
            "node_load1 0.25 1700000000123\n"
            "# HELP legacy An \"untyped\" one.\n"
            "# TYPE legacy untyped\n"
            "legacy{x=\"1\"} -2\n");
}

TEST(TextFormatTest, SpellsSpecialAndLargeValuesAsPrometheusDoes) {
  const auto value = [](double v) {
    std::string out;
    appendSampleValue(out, v);
    return out;
  };
  EXPECT_EQ(value(kInf), "+Inf");
  EXPECT_EQ(value(-kInf), "-Inf");
  EXPECT_EQ(value(std::nan("")), "NaN");
  EXPECT_EQ(value(0), "0");
  EXPECT_EQ(value(1e6), "1e+06");
  EXPECT_EQ(value(0.1), "0.1");
  EXPECT_EQ(value(123456789012.0), "123456789012");
  EXPECT_EQ(value(1.0 / 3), "0.3333333333333333");
  EXPECT_EQ(std::stod(value(1.0 / 3)), 1.0 / 3);  // round-trips exactly
}

TEST(TextFormatTest, WritesHistogramsCumulativeWithInfBucketSumAndCount) {
  ClientMetric m;
  m.label = {{"playbook", "purge"}};
  m.histogram.sample_count = 3;
  m.histogram.sample_sum = 7.5;
  // Hand-built without +Inf: the writer adds it.
  m.histogram.bucket = {{.cumulative_count = 1, .upper_bound = 1},
                        {.cumulative_count = 2, .upper_bound = 2.5}};
  const std::vector<MetricFamily> families{
      {"unyo_playbook_run_duration_seconds", "Run duration.", MetricType::Histogram, {m}}};

  EXPECT_EQ(render(families),
            "# HELP unyo_playbook_run_duration_seconds Run duration.\n"
            "# TYPE unyo_playbook_run_duration_seconds histogram\n"
            "unyo_playbook_run_duration_seconds_bucket{playbook=\"purge\",le=\"1\"} 1\n"
            "unyo_playbook_run_duration_seconds_bucket{playbook=\"purge\",le=\"2.5\"} 2\n"
            "unyo_playbook_run_duration_seconds_bucket{playbook=\"purge\",le=\"+Inf\"} 3\n"
            "unyo_playbook_run_duration_seconds_sum{playbook=\"purge\"} 7.5\n"
            "unyo_playbook_run_duration_seconds_count{playbook=\"purge\"} 3\n");
}

TEST(TextFormatTest, WritesSummariesWithQuantilesSumAndCount) {
  ClientMetric m;
  m.summary.sample_count = 4;
  m.summary.sample_sum = 2;
  m.summary.quantile = {{.quantile = 0.5, .value = 0.4}, {.quantile = 0.99, .value = 1.2}};
  const std::vector<MetricFamily> families{
      {"rpc_seconds", "RPC latency.", MetricType::Summary, {m}}};

  EXPECT_EQ(render(families),
            "# HELP rpc_seconds RPC latency.\n"
            "# TYPE rpc_seconds summary\n"
            "rpc_seconds{quantile=\"0.5\"} 0.4\n"
            "rpc_seconds{quantile=\"0.99\"} 1.2\n"
            "rpc_seconds_sum 2\n"
            "rpc_seconds_count 4\n");
}

TEST(TextFormatTest, AppendsToWhatIsAlreadyThere) {
  std::string out = "# prefix\n";
  const std::vector<MetricFamily> families{{"up", "Up.", MetricType::Gauge, {sample({}, 1)}}};
  appendTextFormat(out, families);
  EXPECT_EQ(out, "# prefix\n# HELP up Up.\n# TYPE up gauge\nup 1\n");
}

// Families as the agent will produce them: prometheus-cpp's own metrics plus
// hand-built node_exporter-style ones.
std::vector<MetricFamily> representativeFamilies() {
  prometheus::Registry registry;
  auto& runs = prometheus::BuildCounter()
                   .Name("unyo_playbook_runs_total")
                   .Help("Playbook runs by trigger and result.")
                   .Register(registry);
  runs.Add({{"playbook", "purge-old-logs"}, {"trigger", "schedule"}, {"result", "success"}})
      .Increment(12);
  runs.Add({{"playbook", "odd \"name\"\\"}, {"trigger", "manual"}, {"result", "failure"}})
      .Increment();
  auto& cost = prometheus::BuildGauge()
                   .Name("unyo_cost_yen_per_hour")
                   .Help("Current cost rate.\nPer component.")
                   .Register(registry);
  cost.Add({{"component", "compute"}}).Set(55.8);
  cost.Add({{"component", "storage"}}).Set(std::nan(""));
  cost.Add({{"component", "network"}}).Set(kInf);
  auto& duration = prometheus::BuildHistogram()
                       .Name("unyo_playbook_run_duration_seconds")
                       .Help("How long playbook runs take.")
                       .Register(registry);
  auto& histogram = duration.Add({{"playbook", "purge-old-logs"}},
                                 prometheus::Histogram::BucketBoundaries{0.1, 1, 10, 60});
  for (double seconds : {0.05, 0.5, 3.0, 120.0}) histogram.Observe(seconds);
  auto& latency = prometheus::BuildSummary()
                      .Name("unyo_scrape_duration_seconds")
                      .Help("Scrape latency.")
                      .Register(registry);
  auto& summary = latency.Add({}, prometheus::Summary::Quantiles{{0.5, 0.05}, {0.9, 0.01}});
  for (double seconds : {0.001, 0.002, 0.003}) summary.Observe(seconds);
  prometheus::BuildGauge().Name("unyo_unused").Help("No samples.").Register(registry);

  std::vector<MetricFamily> families = registry.Collect();
  families.push_back({"node_boot_time_seconds",
                      "Node boot time, in unixtime.",
                      MetricType::Gauge,
                      {sample({}, 1.7e9, 1700000000000)}});
  families.push_back({"node_legacy_value",
                      "An untyped value.",
                      MetricType::Untyped,
                      {sample({{"device", "sda"}}, -kInf)}});
  return families;
}

TEST(TextFormatTest, PromtoolFindsNothingToComplainAbout) {
  if (std::system("command -v promtool >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "promtool is not installed";
  }
  const std::string text = render(representativeFamilies());
  ASSERT_NE(text.find("unyo_playbook_run_duration_seconds_bucket"), std::string::npos);
  ASSERT_EQ(text.find("unyo_unused"), std::string::npos);

  const std::string path = ::testing::TempDir() + "unyo_text_format_test.prom";
  std::ofstream(path, std::ios::binary) << text;
  FILE* pipe = ::popen(("promtool check metrics < '" + path + "' 2>&1").c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string complaints;
  char buffer[4096];
  while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) {
    complaints.append(buffer, n);
  }
  const int status = ::pclose(pipe);
  std::remove(path.c_str());
  EXPECT_EQ(complaints, "") << text;
  EXPECT_EQ(status, 0);
}

}  // namespace
}  // namespace unyo::exporter
