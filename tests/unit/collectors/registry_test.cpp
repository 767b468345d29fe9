#include "collectors/registry.h"

#include "collector_test_support.h"

namespace unyo::collectors {
namespace {

using testing::TestContext;

std::vector<std::string> namesOf(const std::vector<NamedCollector>& built) {
  std::vector<std::string> names;
  for (const auto& c : built) names.push_back(c.name);
  return names;
}

TEST(RegistryTest, ListsEveryCollectorInOutputOrder) {
  std::vector<std::string> names;
  for (const auto& factory : collectorRegistry()) {
    names.emplace_back(factory.name);
    EXPECT_TRUE(factory.enabledByDefault) << factory.name;
    EXPECT_FALSE(factory.description.empty()) << factory.name;
    EXPECT_NE(factory.create, nullptr) << factory.name;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"cpu", "diskstats", "filesystem", "loadavg", "meminfo",
                                             "netdev", "pressure", "services", "stat", "time",
                                             "uname"}));
  EXPECT_TRUE(isKnownCollector("meminfo"));
  EXPECT_FALSE(isKnownCollector("textfile"));
}

TEST(RegistryTest, BuildsDefaultsMinusDisabled) {
  TestContext t;
  t.options.disabled = {"pressure", "time"};
  const auto built = buildCollectors(t.context());
  ASSERT_TRUE(built) << built.error().message;
  EXPECT_EQ(namesOf(*built), (std::vector<std::string>{"cpu", "diskstats", "filesystem", "loadavg",
                                                       "meminfo", "netdev", "services", "stat",
                                                       "uname"}));
  for (const auto& c : *built) EXPECT_NE(c.collector, nullptr);
}

TEST(RegistryTest, OnlyBuildsExactlyThoseInRegistryOrder) {
  TestContext t;
  t.options.disabled = {"uname"};  // --collector wins over disabled
  const std::vector<std::string> only = {"uname", "cpu"};
  const auto built = buildCollectors(t.context(), only);
  ASSERT_TRUE(built) << built.error().message;
  EXPECT_EQ(namesOf(*built), (std::vector<std::string>{"cpu", "uname"}));
}

TEST(RegistryTest, UnknownNameIsAnError) {
  TestContext t;
  const std::vector<std::string> only = {"cpu", "gpu"};
  const auto built = buildCollectors(t.context(), only);
  ASSERT_FALSE(built);
  EXPECT_EQ(built.error().message, "unknown collector \"gpu\"");
}

TEST(RegistryTest, EveryDefaultCollectorSucceedsOnTheFixtures) {
  TestContext t;
  t.statFs.set("/", {100, 50, 40, 10, 5, false});
  const auto built = buildCollectors(t.context());
  ASSERT_TRUE(built) << built.error().message;
  for (const auto& [name, collector] : *built) {
    Families out;
    const auto result = collector->collect(out);
    EXPECT_TRUE(result) << name << ": " << (result ? "" : result.error().message);
    EXPECT_FALSE(out.empty()) << name;
  }
}

}  // namespace
}  // namespace unyo::collectors
