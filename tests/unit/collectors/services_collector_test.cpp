#include "collectors/services_collector.h"

#include <fcntl.h>

#include <algorithm>

#include "collector_test_support.h"
#include "collectors/sampler.h"

namespace unyo::collectors {
namespace {

using testing::collectOnce;
using testing::fixturesDir;
using testing::sampleCount;
using testing::sampleOf;
using testing::ScratchTree;
using testing::TestContext;
using testing::valueOf;

constexpr std::string_view kCpu = "unyo_service_cpu_seconds_total";
constexpr std::string_view kMemory = "unyo_service_memory_bytes";
constexpr std::string_view kRead = "unyo_service_io_read_bytes_total";
constexpr std::string_view kWrite = "unyo_service_io_write_bytes_total";
constexpr std::string_view kActive = "unyo_service_active";

Labels unit(const std::string& name) { return {{"service", name}}; }

// The `service` label of each sample of a family, in output order.
std::vector<std::string> namesIn(const Families& families, std::string_view metric) {
  std::vector<std::string> names;
  if (const auto* family = findFamily(families, metric)) {
    for (const auto& m : family->metric) names.emplace_back(labelValue(m, "service"));
  }
  return names;
}

// How many series mention the unit, over every family.
std::size_t seriesOf(const Families& families, std::string_view name) {
  std::size_t n = 0;
  for (const auto& family : families) {
    for (const auto& m : family.metric) {
      if (labelValue(m, "service") == name) ++n;
    }
  }
  return n;
}

TEST(ServicesCollectorTest, ParsesUsageFromCpuStat) {
  const auto usec = parseCpuStat(
      "usage_usec 12345678\nuser_usec 8123456\nsystem_usec 4222222\n"
      "nr_periods 0\nnr_throttled 0\nthrottled_usec 0\n");
  ASSERT_TRUE(usec) << usec.error().message;
  EXPECT_EQ(*usec, 12345678u);
  EXPECT_FALSE(parseCpuStat(""));
  EXPECT_FALSE(parseCpuStat("user_usec 1\nsystem_usec 2\n"));
  EXPECT_FALSE(parseCpuStat("usage_usec\n"));
  EXPECT_FALSE(parseCpuStat("usage_usec 12x\n"));
}

TEST(ServicesCollectorTest, ParsesMemoryCurrent) {
  EXPECT_EQ(parseMemoryCurrent("52428800\n").value_or(0), 52428800u);
  EXPECT_EQ(parseMemoryCurrent("0\n").value_or(1), 0u);
  EXPECT_FALSE(parseMemoryCurrent(""));
  EXPECT_FALSE(parseMemoryCurrent("max\n"));
  EXPECT_FALSE(parseMemoryCurrent("1 2\n"));
}

TEST(ServicesCollectorTest, SumsIoStatOverDevices) {
  const auto io = parseIoStat(
      "8:0 rbytes=73400320 wbytes=209715200 rios=17920 wios=51200 dbytes=0 dios=0\n"
      "259:0 rbytes=1048576 wbytes=2097152 rios=256 wios=512 dbytes=4096 dios=1\n");
  ASSERT_TRUE(io) << io.error().message;
  EXPECT_EQ(io->read, 74448896u);
  EXPECT_EQ(io->written, 211812352u);
}

TEST(ServicesCollectorTest, EmptyIoStatIsZero) {
  const auto io = parseIoStat("");
  ASSERT_TRUE(io) << io.error().message;
  EXPECT_EQ(io->read, 0u);
  EXPECT_EQ(io->written, 0u);
}

TEST(ServicesCollectorTest, IoStatIgnoresOtherKeys) {
  // iocost adds cost.* keys; a byte count inside another key is not rbytes.
  const auto io = parseIoStat(
      "8:16 rbytes=10 wbytes=20 rios=1 wios=2 dbytes=30 dios=3 cost.vrate=100.00 "
      "cost.usage=5 cost.wait=0 cost.indebt=0 cost.indelay=0\n");
  ASSERT_TRUE(io) << io.error().message;
  EXPECT_EQ(io->read, 10u);
  EXPECT_EQ(io->written, 20u);
}

TEST(ServicesCollectorTest, RejectsBrokenIoStat) {
  EXPECT_FALSE(parseIoStat("8:0 rbytes=abc wbytes=1\n"));
  EXPECT_FALSE(parseIoStat("8:0 rbytes=1 wbytes=\n"));
  EXPECT_FALSE(parseIoStat("rbytes=1 wbytes=2\n"));
}

TEST(ServicesCollectorTest, ParsesPopulatedFromCgroupEvents) {
  EXPECT_EQ(parseCgroupEvents("populated 1\nfrozen 0\n").value_or(false), true);
  EXPECT_EQ(parseCgroupEvents("populated 0\nfrozen 0\n").value_or(true), false);
  EXPECT_FALSE(parseCgroupEvents("frozen 0\n"));
  EXPECT_FALSE(parseCgroupEvents("populated 2\n"));
  EXPECT_FALSE(parseCgroupEvents("populated\n"));
}

TEST(ServicesCollectorTest, ExportsEachServiceOfTheFixtureTree) {
  TestContext t;
  const Families f = collectOnce(*makeServicesCollector(t.context()));
  ASSERT_EQ(f.size(), 5u);
  EXPECT_EQ(f[0].name, kCpu);
  EXPECT_EQ(f[0].type, prometheus::MetricType::Counter);
  EXPECT_EQ(f[1].name, kMemory);
  EXPECT_EQ(f[1].type, prometheus::MetricType::Gauge);
  EXPECT_EQ(f[2].name, kRead);
  EXPECT_EQ(f[2].type, prometheus::MetricType::Counter);
  EXPECT_EQ(f[3].name, kWrite);
  EXPECT_EQ(f[3].type, prometheus::MetricType::Counter);
  EXPECT_EQ(f[4].name, kActive);
  EXPECT_EQ(f[4].type, prometheus::MetricType::Gauge);
  for (const auto& family : f) EXPECT_FALSE(family.help.empty()) << family.name;

  EXPECT_DOUBLE_EQ(sampleOf(f, kCpu, unit("nginx.service")), 12.345678);
  EXPECT_DOUBLE_EQ(sampleOf(f, kMemory, unit("nginx.service")), 52428800);
  EXPECT_DOUBLE_EQ(sampleOf(f, kRead, unit("nginx.service")), 1048576);
  EXPECT_DOUBLE_EQ(sampleOf(f, kWrite, unit("nginx.service")), 4194304);
  EXPECT_DOUBLE_EQ(sampleOf(f, kActive, unit("nginx.service")), 1);

  EXPECT_DOUBLE_EQ(sampleOf(f, kCpu, unit("postgresql.service")), 987.654321);
  EXPECT_DOUBLE_EQ(sampleOf(f, kMemory, unit("postgresql.service")), 268435456);
  EXPECT_DOUBLE_EQ(sampleOf(f, kRead, unit("postgresql.service")), 74448896);
  EXPECT_DOUBLE_EQ(sampleOf(f, kWrite, unit("postgresql.service")), 211812352);
  EXPECT_DOUBLE_EQ(sampleOf(f, kActive, unit("postgresql.service")), 1);

  // Finished: the cgroup is still there but empty.
  EXPECT_DOUBLE_EQ(sampleOf(f, kCpu, unit("apt-daily.service")), 2.5);
  EXPECT_DOUBLE_EQ(sampleOf(f, kMemory, unit("apt-daily.service")), 0);
  EXPECT_DOUBLE_EQ(sampleOf(f, kActive, unit("apt-daily.service")), 0);

  // An empty io.stat (no I/O yet) is zero bytes, not a missing series.
  EXPECT_DOUBLE_EQ(sampleOf(f, kRead, unit("cron.service")), 0);
  EXPECT_DOUBLE_EQ(sampleOf(f, kWrite, unit("cron.service")), 0);
  EXPECT_DOUBLE_EQ(sampleOf(f, kCpu, unit("cron.service")), 0.41);
  EXPECT_DOUBLE_EQ(sampleOf(f, kMemory, unit("cron.service")), 1212416);
}

TEST(ServicesCollectorTest, FindsTemplateInstancesInSubSlices) {
  TestContext t;
  const Families f = collectOnce(*makeServicesCollector(t.context()));
  EXPECT_DOUBLE_EQ(sampleOf(f, kCpu, unit("getty@tty1.service")), 0.03125);
  EXPECT_DOUBLE_EQ(sampleOf(f, kMemory, unit("getty@tty1.service")), 385024);
  EXPECT_DOUBLE_EQ(sampleOf(f, kRead, unit("getty@tty1.service")), 172032);
  EXPECT_DOUBLE_EQ(sampleOf(f, kWrite, unit("getty@tty1.service")), 0);
  EXPECT_DOUBLE_EQ(sampleOf(f, kActive, unit("getty@tty1.service")), 1);
  // The slice is not a service.
  EXPECT_EQ(seriesOf(f, "system-getty.slice"), 0u);
}

TEST(ServicesCollectorTest, OnlyServicesByDefaultSortedByName) {
  TestContext t;
  const Families f = collectOnce(*makeServicesCollector(t.context()));
  const std::vector<std::string> expected = {"apt-daily.service", "cron.service",
                                             "getty@tty1.service", "nginx.service",
                                             "postgresql.service"};
  for (const auto metric : {kCpu, kMemory, kRead, kWrite, kActive}) {
    EXPECT_EQ(namesIn(f, metric), expected) << metric;
  }
  EXPECT_EQ(seriesOf(f, "-.mount"), 0u);
}

TEST(ServicesCollectorTest, IncludeAndExcludeGlobs) {
  TestContext t;
  t.options.services.include = {"*.service", "*.mount"};
  t.options.services.exclude = {"postgres*", "getty@*.service"};
  const Families f = collectOnce(*makeServicesCollector(t.context()));
  EXPECT_EQ(namesIn(f, kActive), (std::vector<std::string>{"-.mount", "apt-daily.service",
                                                           "cron.service", "nginx.service"}));
  EXPECT_DOUBLE_EQ(sampleOf(f, kCpu, unit("-.mount")), 0.0015);

  t.options.services.include = {"[np]*.service"};
  t.options.services.exclude = {};
  const Families g = collectOnce(*makeServicesCollector(t.context()));
  EXPECT_EQ(namesIn(g, kCpu), (std::vector<std::string>{"nginx.service", "postgresql.service"}));
}

TEST(ServicesCollectorTest, AnExactIncludeOfAStoppedUnitIsInactive) {
  TestContext t;
  t.options.services.include = {"nginx.service", "redis-server.service", "redis-server.service",
                                "atd.service"};
  const Families f = collectOnce(*makeServicesCollector(t.context()));
  EXPECT_EQ(namesIn(f, kActive),
            (std::vector<std::string>{"atd.service", "nginx.service", "redis-server.service"}));
  EXPECT_DOUBLE_EQ(sampleOf(f, kActive, unit("redis-server.service")), 0);
  EXPECT_EQ(seriesOf(f, "redis-server.service"), 1u);  // active only
  EXPECT_DOUBLE_EQ(sampleOf(f, kActive, unit("atd.service")), 0);
  EXPECT_EQ(seriesOf(f, "nginx.service"), 5u);
  EXPECT_DOUBLE_EQ(sampleOf(f, kActive, unit("nginx.service")), 1);
}

TEST(ServicesCollectorTest, AnExactIncludeThatIsExcludedIsNotReported) {
  TestContext t;
  t.options.services.include = {"*.service", "redis-server.service"};
  t.options.services.exclude = {"redis-*"};
  const Families f = collectOnce(*makeServicesCollector(t.context()));
  EXPECT_EQ(seriesOf(f, "redis-server.service"), 0u);
  EXPECT_EQ(sampleCount(f, kActive), 5u);
}

TEST(ServicesCollectorTest, EscapedUnitNamesMatchLiterally) {
  // systemd escapes '-' in paths as "\x2d"; a backslash in a pattern is not an escape.
  const std::string fsck = "systemd-fsck@dev-disk-by\\x2duuid-4A3B.service";
  ScratchTree tree;
  tree.write("fs/cgroup/cgroup.controllers", "cpu io memory pids\n");
  tree.write("fs/cgroup/system.slice/system-systemd\\x2dfsck.slice/" + fsck + "/cgroup.events",
             "populated 0\nfrozen 0\n");
  TestContext t;
  t.options.paths.sysfs = tree.root();
  t.options.services.include = {fsck};
  const Families f = collectOnce(*makeServicesCollector(t.context()));
  EXPECT_EQ(namesIn(f, kActive), (std::vector<std::string>{fsck}));
  EXPECT_EQ(seriesOf(f, fsck), 1u);
}

TEST(ServicesCollectorTest, MissingOrUnreadableFilesLeaveOnlyThatSeriesOut) {
  ScratchTree tree;
  tree.write("fs/cgroup/cgroup.controllers", "cpu io memory pids\n");
  // Only the files every cgroup has: no memory or io controller.
  tree.write("fs/cgroup/system.slice/a.service/cpu.stat", "usage_usec 2000000\n");
  tree.write("fs/cgroup/system.slice/a.service/cgroup.events", "populated 1\n");
  // A read that fails (a directory where the file should be) and text that
  // is not understood.
  tree.write("fs/cgroup/system.slice/b.service/memory.current/x", "");
  tree.write("fs/cgroup/system.slice/b.service/cpu.stat", "user_usec 1\n");
  tree.write("fs/cgroup/system.slice/b.service/io.stat", "8:0 rbytes=1 wbytes=2\n");
  // No files at all.
  tree.write("fs/cgroup/system.slice/c.service/.keep", "");
  TestContext t;
  t.options.paths.sysfs = tree.root();
  const Families f = collectOnce(*makeServicesCollector(t.context()));
  EXPECT_DOUBLE_EQ(sampleOf(f, kCpu, unit("a.service")), 2);
  EXPECT_DOUBLE_EQ(sampleOf(f, kActive, unit("a.service")), 1);
  EXPECT_EQ(seriesOf(f, "a.service"), 2u);
  EXPECT_DOUBLE_EQ(sampleOf(f, kRead, unit("b.service")), 1);
  EXPECT_DOUBLE_EQ(sampleOf(f, kWrite, unit("b.service")), 2);
  EXPECT_EQ(seriesOf(f, "b.service"), 2u);
  EXPECT_EQ(seriesOf(f, "c.service"), 0u);
}

TEST(ServicesCollectorTest, NoSystemSliceMeansNoServices) {
  ScratchTree tree;
  tree.write("fs/cgroup/cgroup.controllers", "cpu io memory pids\n");
  TestContext t;
  t.options.paths.sysfs = tree.root();
  EXPECT_TRUE(collectOnce(*makeServicesCollector(t.context())).empty());
  t.options.services.include = {"nginx.service"};
  const Families f = collectOnce(*makeServicesCollector(t.context()));
  EXPECT_EQ(f.size(), 1u);
  EXPECT_DOUBLE_EQ(sampleOf(f, kActive, unit("nginx.service")), 0);
}

TEST(ServicesCollectorTest, CgroupV1HostFailsWithAClearErrorAndTheSamplerLogsItOnce) {
  ScratchTree logDir;
  const auto logPath = logDir.root() / "log";
  const int fd = ::open(logPath.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  ASSERT_GE(fd, 0);
  TestContext t;
  t.options.paths.sysfs = fixturesDir() / "sys-cgroup1";
  Logger log(t.clock, LogLevel::info, LogFormat::logfmt, fd);
  const std::string expected = "cgroup v2 is not mounted at " +
                               (fixturesDir() / "sys-cgroup1/fs/cgroup").string() +
                               " (cgroup v1 or hybrid host); per-service metrics need the "
                               "unified hierarchy (collectors.disabled: [services] turns this "
                               "collector off)";
  const auto collector = makeServicesCollector({t.options, t.clock, log, t.statFs});
  Families direct;
  const auto result = collector->collect(direct);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, expected);
  EXPECT_TRUE(direct.empty());

  // Through the sampler, as in the agent: success 0 every cycle, one log line.
  std::vector<NamedCollector> collectors;
  collectors.push_back({"services", makeServicesCollector({t.options, t.clock, log, t.statFs})});
  Sampler sampler(std::move(collectors), t.clock, log);
  for (int cycle = 0; cycle < 3; ++cycle) {
    const auto snapshot = sampler.sample();
    const auto* success = snapshot->find("unyo_collector_success");
    ASSERT_NE(success, nullptr);
    EXPECT_EQ(sampleValue(*success, success->metric.front()), 0) << "cycle " << cycle;
  }
  ::close(fd);
  const auto text = readFileText(logPath);
  ASSERT_TRUE(text);
  EXPECT_EQ(std::count(text->begin(), text->end(), '\n'), 1) << *text;
  EXPECT_NE(text->find("level=warn"), std::string::npos) << *text;
  EXPECT_NE(text->find("collector=services"), std::string::npos) << *text;
}

TEST(ServicesCollectorTest, IsRegisteredOnByDefault) {
  const auto all = collectorRegistry();
  const auto it = std::find_if(all.begin(), all.end(),
                               [](const CollectorFactory& f) { return f.name == "services"; });
  ASSERT_NE(it, all.end());
  EXPECT_TRUE(it->enabledByDefault);
  EXPECT_EQ(it->description, "CPU, memory, I/O and state of systemd services (cgroup v2)");
  EXPECT_EQ(it->create, makeServicesCollector);
}

}  // namespace
}  // namespace unyo::collectors
