#include "collectors/sampler.h"

#include <gtest/gtest.h>

#include "fakes/fake_clock.h"

namespace unyo::collectors {
namespace {

// A collector whose result the test decides.
class ScriptedCollector final : public Collector {
 public:
  explicit ScriptedCollector(bool& fail) : fail_(fail) {}
  Expected<void> collect(Families& out) override {
    auto partial = gaugeFamily("test_partial", "written before failing");
    addSample(partial, 1);
    out.push_back(std::move(partial));
    if (fail_) return fail("broken on purpose");
    return {};
  }

 private:
  bool& fail_;
};

class SamplerTest : public ::testing::Test {
 protected:
  testing::FakeClock clock;
  Logger log{clock, LogLevel::error, LogFormat::logfmt, -1};
};

std::vector<NamedCollector> twoCollectors(bool& aFails, bool& bFails) {
  std::vector<NamedCollector> c;
  c.push_back({"a", std::make_unique<ScriptedCollector>(aFails)});
  c.push_back({"b", std::make_unique<ScriptedCollector>(bFails)});
  return c;
}

double successOf(const Snapshot& s, std::string_view collector) {
  const auto* f = s.find("unyo_collector_success");
  for (const auto& m : f->metric) {
    if (labelValue(m, "collector") == collector) return m.gauge.value;
  }
  return -1;
}

TEST_F(SamplerTest, OneFailingCollectorDoesNotFailTheSnapshot) {
  bool aFails = true, bFails = false;
  Sampler sampler(twoCollectors(aFails, bFails), clock, log);
  SnapshotPtr s = sampler.sample();
  EXPECT_EQ(successOf(*s, "a"), 0);
  EXPECT_EQ(successOf(*s, "b"), 1);
  // a's half-written family was discarded; b's remains.
  const auto* partial = s->find("test_partial");
  ASSERT_NE(partial, nullptr);
  EXPECT_EQ(partial->metric.size(), 1u);
  std::size_t partials = 0;
  for (const auto& f : s->families) partials += f.name == "test_partial";
  EXPECT_EQ(partials, 1u);
  EXPECT_NE(s->find("unyo_collector_duration_seconds"), nullptr);
}

TEST_F(SamplerTest, PublishesLatestAndCountsSequence) {
  bool ok = false;
  Sampler sampler(twoCollectors(ok, ok), clock, log);
  EXPECT_EQ(sampler.latest(), nullptr);
  EXPECT_FALSE(sampler.isFresh(std::chrono::seconds(1)));
  auto first = sampler.sample();
  EXPECT_EQ(first->sequence, 1u);
  EXPECT_EQ(sampler.latest(), first);
  EXPECT_EQ(first->takenAt, clock.now());
  EXPECT_TRUE(sampler.isFresh(std::chrono::seconds(1)));
  clock.advance(std::chrono::milliseconds(1001));
  EXPECT_FALSE(sampler.isFresh(std::chrono::seconds(1)));
  EXPECT_EQ(sampler.sample()->sequence, 2u);
}

TEST_F(SamplerTest, SourcesAddTheirSeriesToEverySample) {
  bool ok = false;
  Sampler sampler(twoCollectors(ok, ok), clock, log);
  int calls = 0;
  sampler.addSource([&](Families& out) {
    auto self = gaugeFamily("process_open_fds", "");
    addSample(self, ++calls);
    out.push_back(std::move(self));
  });
  EXPECT_EQ(sampler.sample()->find("process_open_fds")->metric[0].gauge.value, 1);
  EXPECT_EQ(sampler.sample()->find("process_open_fds")->metric[0].gauge.value, 2);
  // Not a collector: no health series of its own.
  EXPECT_EQ(sampler.latest()->find("unyo_collector_success")->metric.size(), 2u);
}

}  // namespace
}  // namespace unyo::collectors
