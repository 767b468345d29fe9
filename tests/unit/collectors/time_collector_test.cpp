#include "collectors/time_collector.h"

#include <cstdlib>
#include <ctime>
#include <optional>

#include "collector_test_support.h"

namespace unyo::collectors {
namespace {

using testing::collectOnce;
using testing::sampleCount;
using testing::sampleOf;
using testing::ScratchTree;
using testing::TestContext;
using testing::valueOf;

// Sets TZ for one test and puts the old value back.
class ScopedTimeZone {
 public:
  explicit ScopedTimeZone(const char* zone) {
    if (const char* old = std::getenv("TZ")) old_ = old;
    ::setenv("TZ", zone, 1);
    ::tzset();
  }
  ~ScopedTimeZone() {
    if (old_) {
      ::setenv("TZ", old_->c_str(), 1);
    } else {
      ::unsetenv("TZ");
    }
    ::tzset();
  }

 private:
  std::optional<std::string> old_;
};

TEST(TimeCollectorTest, ParsesClocksourceLists) {
  EXPECT_EQ(parseClocksources("tsc kvm-clock \n"),
            (std::vector<std::string_view>{"tsc", "kvm-clock"}));
  EXPECT_TRUE(parseClocksources("\n").empty());
}

TEST(TimeCollectorTest, TimeZoneComesFromTz) {
  ScopedTimeZone jst("JST-9");
  const TimeZoneOffset zone = timeZoneAt(unyo::testing::FakeClock().now());
  EXPECT_EQ(zone.name, "JST");
  EXPECT_EQ(zone.seconds, 9 * 3600);
}

TEST(TimeCollectorTest, ExportsTheClockZoneAndClocksources) {
  ScopedTimeZone jst("JST-9");
  TestContext t;
  auto collector = makeTimeCollector(t.context());
  Families f = collectOnce(*collector);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_time_seconds"),
                   static_cast<double>(unyo::testing::FakeClock::kDefaultStart.count()));
  EXPECT_EQ(findFamily(f, "node_time_seconds")->help, "System time in seconds since epoch (1970).");
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_time_zone_offset_seconds", {{"time_zone", "JST"}}), 32400);
  EXPECT_EQ(sampleCount(f, "node_time_clocksource_available_info"), 3u);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_time_clocksource_available_info",
                            {{"clocksource", "acpi_pm"}, {"device", "0"}}),
                   1);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_time_clocksource_current_info",
                            {{"clocksource", "kvm-clock"}, {"device", "0"}}),
                   1);

  t.clock.advance(std::chrono::milliseconds(1500));
  f = collectOnce(*collector);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_time_seconds"),
                   static_cast<double>(unyo::testing::FakeClock::kDefaultStart.count()) + 1.5);
}

TEST(TimeCollectorTest, NoClocksourceDirectoryIsNotAnError) {
  ScratchTree tree;
  TestContext t;
  t.options.paths.sysfs = tree.root();
  const Families f = collectOnce(*makeTimeCollector(t.context()));
  EXPECT_EQ(f.size(), 2u);
  EXPECT_FALSE(findFamily(f, "node_time_clocksource_available_info"));
}

}  // namespace
}  // namespace unyo::collectors
