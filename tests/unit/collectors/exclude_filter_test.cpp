#include "collectors/exclude_filter.h"

#include <gtest/gtest.h>

#include "collectors/options.h"

namespace unyo::collectors {
namespace {

TEST(ExcludeFilterTest, EmptyPatternExcludesNothing) {
  auto filter = ExcludeFilter::compile("");
  ASSERT_TRUE(filter);
  EXPECT_FALSE(filter->excludes("lo"));
  EXPECT_FALSE(ExcludeFilter().excludes("anything"));
}

TEST(ExcludeFilterTest, SearchesLikeGoMatchStringAndCachesDecisions) {
  auto filter = ExcludeFilter::compile("^lo$|docker");
  ASSERT_TRUE(filter);
  EXPECT_TRUE(filter->excludes("lo"));
  EXPECT_FALSE(filter->excludes("lo0x"));
  EXPECT_TRUE(filter->excludes("br-docker0"));  // unanchored part matches anywhere
  EXPECT_TRUE(filter->excludes("lo"));          // from the cache, same answer
}

TEST(ExcludeFilterTest, NodeExporterDefaultsMeanTheSame) {
  const DiskstatsOptions disk;
  auto devices = ExcludeFilter::compile(disk.excludeDevices);
  ASSERT_TRUE(devices);
  for (const char* partition : {"sda1", "vda15", "xvdb2", "nvme0n1p3", "loop7", "ram0"}) {
    EXPECT_TRUE(devices->excludes(partition)) << partition;
  }
  for (const char* whole : {"sda", "vda", "nvme0n1", "dm-0", "md0", "zram0"}) {
    EXPECT_FALSE(devices->excludes(whole)) << whole;
  }
  const FilesystemOptions fs;
  auto mounts = ExcludeFilter::compile(fs.excludeMountPoints);
  ASSERT_TRUE(mounts);
  EXPECT_TRUE(mounts->excludes("/proc"));
  EXPECT_TRUE(mounts->excludes("/sys/fs/cgroup"));
  EXPECT_TRUE(mounts->excludes("/var/lib/docker/overlay2/x/merged"));
  EXPECT_FALSE(mounts->excludes("/"));
  EXPECT_FALSE(mounts->excludes("/devices"));
}

TEST(ExcludeFilterTest, InvalidPatternIsAnError) {
  const auto filter = ExcludeFilter::compile("(unclosed");
  ASSERT_FALSE(filter);
  EXPECT_NE(filter.error().message.find("(unclosed"), std::string::npos);
}

}  // namespace
}  // namespace unyo::collectors
