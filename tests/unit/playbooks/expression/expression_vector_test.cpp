#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>

#include "base/metric_family.h"
#include "collectors/snapshot.h"
#include "playbooks/expression/expression.h"

namespace unyo::playbooks {
namespace {

using collectors::Snapshot;

// Three filesystems, two load figures, a per-mountpoint limit and families
// of kinds a condition cannot use.
Snapshot sampleSnapshot() {
  Snapshot snapshot;
  snapshot.sequence = 7;
  auto used = gaugeFamily("unyo_filesystem_used_ratio", "");
  addSample(used, 0.50, {{"device", "sda1"}, {"fstype", "ext4"}, {"mountpoint", "/"}});
  addSample(used, 0.90, {{"device", "sda2"}, {"fstype", "xfs"}, {"mountpoint", "/var"}});
  addSample(used, 0.95, {{"device", "sda3"}, {"fstype", "xfs"}, {"mountpoint", "/var/log"}});
  addSample(used, 0.99, {{"device", "sdb1"}, {"fstype", "ext4"}, {"mountpoint", "/srv/var"}});
  auto limit = gaugeFamily("test_used_limit", "");
  addSample(limit, 0.80, {{"device", "sda1"}, {"fstype", "ext4"}, {"mountpoint", "/"}});
  addSample(limit, 0.95, {{"device", "sda2"}, {"fstype", "xfs"}, {"mountpoint", "/var"}});
  auto load = gaugeFamily("node_load5", "");
  addSample(load, 6);
  auto cpus = counterFamily("test_cpus", "");
  addSample(cpus, 4);
  auto unsorted = gaugeFamily("test_unsorted", "");
  addSample(unsorted, 1, {{"z", "1"}, {"a", "2"}});
  auto histogram = makeFamily("test_histogram", "", prometheus::MetricType::Histogram);
  histogram.metric.emplace_back();
  snapshot.families = {used, limit, load, cpus, unsorted, histogram};
  return snapshot;
}

Value sampleScope() {
  Value scope;
  scope.set("params", Value::map()).set("max", 0.85);
  scope.find("params")->set("max_text", "0.92");
  return scope;
}

ExprResult evaluate(std::string_view text, const Snapshot* snapshot) {
  auto parsed = Expression::parse(text);
  EXPECT_TRUE(parsed) << text << ": " << parsed.error().message;
  if (!parsed) return {};
  auto result = parsed->evaluate(snapshot, sampleScope());
  EXPECT_TRUE(result) << text << ": " << result.error().message;
  return result ? *result : ExprResult{};
}

// mountpoint (or "" when the series has none) -> value.
std::map<std::string, double> byMountpoint(std::string_view text) {
  const Snapshot snapshot = sampleSnapshot();
  const ExprResult result = evaluate(text, &snapshot);
  EXPECT_EQ(result.kind, ExprResult::Kind::vector) << text;
  std::map<std::string, double> out;
  for (const auto& series : result.series) {
    std::string mountpoint;
    for (const auto& label : series.labels) {
      if (label.name == "mountpoint") mountpoint = label.value;
    }
    out[mountpoint] = series.value;
  }
  return out;
}

using Series = std::map<std::string, double>;

TEST(ExpressionVectorTest, SelectorsMatchLabelsWithAllFourOperators) {
  struct Case {
    const char* text;
    Series expected;
  };
  const Case cases[] = {
      {"unyo_filesystem_used_ratio",
       {{"/", 0.50}, {"/var", 0.90}, {"/var/log", 0.95}, {"/srv/var", 0.99}}},
      {R"(unyo_filesystem_used_ratio{mountpoint="/var"})", {{"/var", 0.90}}},
      {R"(unyo_filesystem_used_ratio{fstype!="xfs"})", {{"/", 0.50}, {"/srv/var", 0.99}}},
      {R"(unyo_filesystem_used_ratio{mountpoint=~"/var.*"})", {{"/var", 0.90}, {"/var/log", 0.95}}},
      {R"(unyo_filesystem_used_ratio{mountpoint!~"/var.*"})", {{"/", 0.50}, {"/srv/var", 0.99}}},
      {R"(unyo_filesystem_used_ratio{mountpoint=~"var"})", {}},  // anchored: no partial match
      {R"(unyo_filesystem_used_ratio{fstype="xfs", device=~"sda[0-9]"})",
       {{"/var", 0.90}, {"/var/log", 0.95}}},
      {R"(unyo_filesystem_used_ratio{nosuchlabel=""})",  // a missing label reads as ""
       {{"/", 0.50}, {"/var", 0.90}, {"/var/log", 0.95}, {"/srv/var", 0.99}}},
      {R"(unyo_filesystem_used_ratio{nosuchlabel="x"})", {}},
      {"no_such_metric", {}},
      {"test_histogram", {}},  // histograms and summaries match nothing
  };
  for (const auto& c : cases) EXPECT_EQ(byMountpoint(c.text), c.expected) << c.text;
}

TEST(ExpressionVectorTest, TheContractExampleFiresForVar) {
  const Snapshot snapshot = sampleSnapshot();
  const ExprResult result =
      evaluate(R"(unyo_filesystem_used_ratio{mountpoint="/var"} > 0.85)", &snapshot);
  ASSERT_EQ(result.kind, ExprResult::Kind::vector);
  ASSERT_EQ(result.series.size(), 1u);
  EXPECT_TRUE(result.truthy());
  EXPECT_DOUBLE_EQ(result.series[0].value, 0.90);  // the series keeps its value, not 1
  const Labels expected{{"device", "sda2"}, {"fstype", "xfs"}, {"mountpoint", "/var"}};
  EXPECT_EQ(result.series[0].labels, expected);
  EXPECT_FALSE(
      evaluate(R"(unyo_filesystem_used_ratio{mountpoint="/"} > 0.85)", &snapshot).truthy());
}

TEST(ExpressionVectorTest, ComparisonsFilterPerSeries) {
  struct Case {
    const char* text;
    Series expected;
  };
  const Case cases[] = {
      {"unyo_filesystem_used_ratio > 0.85",
       {{"/var", 0.90}, {"/var/log", 0.95}, {"/srv/var", 0.99}}},
      {"unyo_filesystem_used_ratio > {{ params.max }}",
       {{"/var", 0.90}, {"/var/log", 0.95}, {"/srv/var", 0.99}}},
      {"unyo_filesystem_used_ratio >= params.max_text", {{"/var/log", 0.95}, {"/srv/var", 0.99}}},
      {"0.92 < unyo_filesystem_used_ratio", {{"/var/log", 0.95}, {"/srv/var", 0.99}}},
      {"unyo_filesystem_used_ratio == 0.5", {{"/", 0.50}}},
      {"unyo_filesystem_used_ratio > 2", {}},
  };
  for (const auto& c : cases) EXPECT_EQ(byMountpoint(c.text), c.expected) << c.text;
}

TEST(ExpressionVectorTest, ArithmeticAppliesPerSeries) {
  const Series percent = byMountpoint("unyo_filesystem_used_ratio{fstype=\"ext4\"} * 100");
  ASSERT_EQ(percent.size(), 2u);
  EXPECT_DOUBLE_EQ(percent.at("/"), 50);
  EXPECT_DOUBLE_EQ(percent.at("/srv/var"), 99);
  const Series headroom = byMountpoint("1 - unyo_filesystem_used_ratio{mountpoint=\"/var\"}");
  ASSERT_EQ(headroom.size(), 1u);
  EXPECT_NEAR(headroom.at("/var"), 0.10, 1e-12);
  const Series negated = byMountpoint("-unyo_filesystem_used_ratio{mountpoint=\"/\"}");
  EXPECT_DOUBLE_EQ(negated.at("/"), -0.5);
  const Series divided = byMountpoint("unyo_filesystem_used_ratio{mountpoint=\"/\"} / 0");
  EXPECT_EQ(divided.at("/"), INFINITY);
}

TEST(ExpressionVectorTest, TwoVectorsPairUpByIdenticalLabels) {
  // test_used_limit has only / and /var; unmatched series drop out.
  const Series headroom = byMountpoint("test_used_limit - unyo_filesystem_used_ratio");
  ASSERT_EQ(headroom.size(), 2u);
  EXPECT_NEAR(headroom.at("/"), 0.30, 1e-12);
  EXPECT_NEAR(headroom.at("/var"), 0.05, 1e-12);
  EXPECT_EQ(byMountpoint("unyo_filesystem_used_ratio > test_used_limit"), (Series{}));
  EXPECT_EQ(byMountpoint("unyo_filesystem_used_ratio < test_used_limit"),
            (Series{{"/", 0.50}, {"/var", 0.90}}));  // the left side's values
  // Series without labels pair up too.
  const Snapshot snapshot = sampleSnapshot();
  const ExprResult perCpu = evaluate("node_load5 / test_cpus > 1", &snapshot);
  ASSERT_EQ(perCpu.series.size(), 1u);
  EXPECT_DOUBLE_EQ(perCpu.series[0].value, 1.5);
  EXPECT_FALSE(evaluate("node_load5 / test_cpus > 2", &snapshot).truthy());
}

TEST(ExpressionVectorTest, AndOrNotOnVectors) {
  struct Case {
    const char* text;
    Series expected;
  };
  const Case cases[] = {
      {"unyo_filesystem_used_ratio > 0.9 and true", {{"/var/log", 0.95}, {"/srv/var", 0.99}}},
      {"unyo_filesystem_used_ratio > 0.9 and false", {}},
      {"true and unyo_filesystem_used_ratio{mountpoint=\"/\"}", {{"/", 0.5}}},
      {"unyo_filesystem_used_ratio and test_used_limit", {{"/", 0.5}, {"/var", 0.9}}},
      {"unyo_filesystem_used_ratio > 0.9 and test_used_limit", {}},
      {"unyo_filesystem_used_ratio > 0.98 or test_used_limit", {{"/srv/var", 0.99}}},
      {"unyo_filesystem_used_ratio > 2 or test_used_limit", {{"/", 0.8}, {"/var", 0.95}}},
      {"no_such_metric and 1", {}},
  };
  for (const auto& c : cases) EXPECT_EQ(byMountpoint(c.text), c.expected) << c.text;
  const Snapshot snapshot = sampleSnapshot();
  EXPECT_EQ(evaluate("not no_such_metric", &snapshot).scalar, 1);
  EXPECT_EQ(evaluate("not unyo_filesystem_used_ratio > 0.9", &snapshot).scalar, 0);
  EXPECT_EQ(evaluate("no_such_metric or 5", &snapshot).scalar, 1);
  EXPECT_EQ(evaluate("no_such_metric or 0", &snapshot).scalar, 0);
}

TEST(ExpressionVectorTest, LabelsComeOutSortedByName) {
  const Snapshot snapshot = sampleSnapshot();
  const ExprResult result = evaluate("test_unsorted", &snapshot);
  ASSERT_EQ(result.series.size(), 1u);
  const Labels expected{{"a", "2"}, {"z", "1"}};
  EXPECT_EQ(result.series[0].labels, expected);
}

TEST(ExpressionVectorTest, WithoutASnapshotSelectorsMatchNothing) {
  const ExprResult result = evaluate("unyo_filesystem_used_ratio > 0.85", nullptr);
  EXPECT_EQ(result.kind, ExprResult::Kind::vector);
  EXPECT_TRUE(result.series.empty());
  EXPECT_FALSE(result.truthy());
  EXPECT_EQ(evaluate("not unyo_filesystem_used_ratio", nullptr).scalar, 1);
}

TEST(ExpressionVectorTest, AStringCannotMeetAVector) {
  const Snapshot snapshot = sampleSnapshot();
  auto parsed = Expression::parse("node_load5 > \"high\"");
  ASSERT_TRUE(parsed);
  auto result = parsed->evaluate(&snapshot, sampleScope());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, R"(">" needs a number, got the string "high")");
}

}  // namespace
}  // namespace unyo::playbooks
