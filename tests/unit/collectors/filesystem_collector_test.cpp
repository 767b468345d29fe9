#include "collectors/filesystem_collector.h"

#include "collector_test_support.h"

namespace unyo::collectors {
namespace {

using testing::collectOnce;
using testing::sampleCount;
using testing::sampleOf;
using testing::ScratchTree;
using testing::TestContext;
using testing::valueOf;

FilesystemUsage usage(double size, double free, double avail) {
  return FilesystemUsage{size, free, avail, 1000, 400, false};
}

Labels mountLabels(std::string device, std::string fstype, std::string mountPoint) {
  return {{"device", std::move(device)},
          {"fstype", std::move(fstype)},
          {"mountpoint", std::move(mountPoint)}};
}

class FilesystemCollectorTest : public ::testing::Test {
 protected:
  FilesystemCollectorTest() {
    t.statFs.set("/", usage(100, 30, 20));
    t.statFs.set("/boot", usage(50, 40, 35));
    t.statFs.set("/run", usage(10, 9, 9));
    t.statFs.set("/srv/shared data", usage(1000, 500, 500));
    t.statFs.set("/mnt/archive", usage(70, 7, 7));
  }

  FilesystemCollector make(std::size_t threads = 2) {
    pool = std::make_shared<BlockingPool>(threads);
    return FilesystemCollector(t.options.paths, t.options.filesystem, t.statFs, t.log, pool);
  }

  TestContext t;  // first, so its FakeStatFs outlives the pool's threads
  std::shared_ptr<BlockingPool> pool;
};

TEST(MountsParserTest, DecodesTheKernelsOctalEscapes) {
  const auto mounts = parseMounts(
      "/dev/vdb /srv/a\\040b\\011c\\134d xfs rw,relatime 0 0\n"
      "proc /proc proc rw 0 0\n");
  ASSERT_TRUE(mounts) << mounts.error().message;
  ASSERT_EQ(mounts->size(), 2u);
  EXPECT_EQ((*mounts)[0].device, "/dev/vdb");
  EXPECT_EQ((*mounts)[0].mountPoint, "/srv/a b\tc\\d");
  EXPECT_EQ((*mounts)[0].fsType, "xfs");
  EXPECT_EQ((*mounts)[0].options, "rw,relatime");
}

TEST(MountsParserTest, AShortLineFailsTheParseAsInNodeExporter) {
  EXPECT_FALSE(parseMounts("rootfs / rootfs\n"));
}

TEST_F(FilesystemCollectorTest, ExportsTheMountsTheExcludesLetThrough) {
  auto collector = make();
  const Families f = collectOnce(collector);
  ASSERT_EQ(f.size(), 7u);
  // /sys, /proc, /dev, /dev/pts, /dev/shm, cgroup2, securityfs and iso9660 are
  // excluded; the second /run line is a duplicate.
  EXPECT_EQ(sampleCount(f, "node_filesystem_device_error"), 5u);
  const Labels root = mountLabels("/dev/vda1", "ext4", "/");
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_filesystem_size_bytes", root), 100);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_filesystem_free_bytes", root), 30);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_filesystem_avail_bytes", root), 20);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_filesystem_files", root), 1000);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_filesystem_files_free", root), 400);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_filesystem_readonly", root), 0);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_filesystem_device_error", root), 0);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_filesystem_size_bytes",
                            mountLabels("/dev/mapper/data-srv", "xfs", "/srv/shared data")),
                   1000);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_filesystem_size_bytes", mountLabels("tmpfs", "tmpfs", "/run")),
                   10);
  // Read-only from the mount options, as node_exporter 1.5.
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_filesystem_readonly",
                            mountLabels("/dev/nvme0n1p1", "ext4", "/mnt/archive")),
                   1);
  EXPECT_EQ(t.statFs.calls("/run"), 1);  // listed twice, stat'ed once

  const auto* size = findFamily(f, "node_filesystem_size_bytes");
  EXPECT_EQ(size->help, "Filesystem size in bytes.");
  EXPECT_EQ(size->type, prometheus::MetricType::Gauge);
  EXPECT_EQ(findFamily(f, "node_filesystem_avail_bytes")->help,
            "Filesystem space available to non-root users in bytes.");
  EXPECT_EQ(findFamily(f, "node_filesystem_device_error")->help,
            "Whether an error occurred while getting statistics for the given device.");
}

TEST_F(FilesystemCollectorTest, SizeFreeAndAvailListTheSameMountsInTheSameOrder) {
  t.statFs.set("/boot", usage(0, 0, 0));
  auto collector = make();
  const Families f = collectOnce(collector);
  const auto* size = findFamily(f, "node_filesystem_size_bytes");
  const auto* free = findFamily(f, "node_filesystem_free_bytes");
  const auto* avail = findFamily(f, "node_filesystem_avail_bytes");
  ASSERT_EQ(size->metric.size(), free->metric.size());
  ASSERT_EQ(size->metric.size(), avail->metric.size());
  for (std::size_t i = 0; i < size->metric.size(); ++i) {
    EXPECT_EQ(size->metric[i].label, free->metric[i].label);
    EXPECT_EQ(size->metric[i].label, avail->metric[i].label);
  }
}

TEST_F(FilesystemCollectorTest, AFailedStatfsReportsOnlyDeviceError) {
  ScratchTree tree;
  tree.write("1/mounts", "/dev/vda1 / ext4 rw 0 0\nnfs:/gone /gone nfs rw 0 0\n");
  t.options.paths.procfs = tree.root();
  auto collector = make();
  const Families f = collectOnce(collector);
  const Labels gone = mountLabels("nfs:/gone", "nfs", "/gone");
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_filesystem_device_error", gone), 1);
  EXPECT_FALSE(valueOf(f, "node_filesystem_size_bytes", gone));
  EXPECT_EQ(sampleCount(f, "node_filesystem_size_bytes"), 1u);
}

TEST_F(FilesystemCollectorTest, AHungStatfsIsStuckUntilItReturns) {
  ScratchTree tree;
  tree.write("1/mounts", "nfs:/export /mnt/nfs nfs rw 0 0\n");
  t.options.paths.procfs = tree.root();
  t.options.filesystem.mountTimeout = std::chrono::milliseconds(50);
  t.statFs.set("/mnt/nfs", usage(8, 4, 4));
  t.statFs.hang("/mnt/nfs");
  auto collector = make(1);
  const Labels nfs = mountLabels("nfs:/export", "nfs", "/mnt/nfs");

  // The first collect starts the call and gives up on it. (Should a loaded
  // machine not even start it within 50 ms, the call is dropped and the next
  // collect tries again: repeat until it is stuck.)
  Families f = collectOnce(collector);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_filesystem_device_error", nfs), 1);
  EXPECT_FALSE(valueOf(f, "node_filesystem_size_bytes", nfs));
  for (int i = 0; i < 1000 && collector.stuckMountPoints().empty(); ++i) {
    f = collectOnce(collector);
  }
  ASSERT_EQ(collector.stuckMountPoints(), std::vector<std::string>{"/mnt/nfs"});
  t.statFs.waitUntilBlocked(1);
  EXPECT_EQ(t.statFs.calls("/mnt/nfs"), 1);

  // While stuck it is not queried again: no new call, no new thread.
  f = collectOnce(collector);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_filesystem_device_error", nfs), 1);
  EXPECT_EQ(t.statFs.calls("/mnt/nfs"), 1);
  EXPECT_EQ(pool->busyThreads(), 1u);

  // Once the call returns, the mount is queried again and reports normally.
  // (Again, a loaded machine may need more than one 50 ms try.)
  t.statFs.release();
  pool->waitUntilIdle();
  f = collectOnce(collector);
  for (int i = 0; i < 1000 && valueOf(f, "node_filesystem_device_error", nfs) != 0.0; ++i) {
    pool->waitUntilIdle();
    f = collectOnce(collector);
  }
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_filesystem_device_error", nfs), 0);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_filesystem_size_bytes", nfs), 8);
  EXPECT_GE(t.statFs.calls("/mnt/nfs"), 2);
}

TEST_F(FilesystemCollectorTest, MountsBehindAHungOneAreServedOnceItIsKnownStuck) {
  ScratchTree tree;
  tree.write("1/mounts",
             "nfs:/export /mnt/nfs nfs rw 0 0\n//nas/archive /mnt/archive cifs rw 0 0\n");
  t.options.paths.procfs = tree.root();
  t.options.filesystem.mountTimeout = std::chrono::milliseconds(50);
  t.statFs.set("/mnt/nfs", usage(8, 4, 4));
  t.statFs.hang("/mnt/nfs");
  auto collector = make(2);
  const Labels archive = mountLabels("//nas/archive", "cifs", "/mnt/archive");

  // The mounts are stat'ed in turn by one pool job: while the first hangs,
  // the one behind it waits with it and reports an error for that cycle...
  Families f = collectOnce(collector);
  for (int i = 0; i < 1000 && collector.stuckMountPoints().empty(); ++i) f = collectOnce(collector);
  ASSERT_EQ(collector.stuckMountPoints(), std::vector<std::string>{"/mnt/nfs"});
  // ...and is served from the next cycle on, by the other thread.
  f = collectOnce(collector);
  for (int i = 0; i < 1000 && valueOf(f, "node_filesystem_device_error", archive) != 0.0; ++i) {
    f = collectOnce(collector);
  }
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_filesystem_size_bytes", archive), 70);
  EXPECT_EQ(t.statFs.calls("/mnt/nfs"), 1);
  t.statFs.release();
  pool->waitUntilIdle();
}

TEST_F(FilesystemCollectorTest, LocalFilesystemsAreStatedInlineEvenWithEveryThreadStuck) {
  ScratchTree tree;
  tree.write("1/mounts", "nfs:/export /mnt/nfs nfs rw 0 0\n/dev/vda1 / ext4 rw 0 0\n");
  t.options.paths.procfs = tree.root();
  t.options.filesystem.mountTimeout = std::chrono::milliseconds(50);
  t.statFs.set("/mnt/nfs", usage(8, 4, 4));
  t.statFs.hang("/mnt/nfs");
  auto collector = make(1);  // the one thread will be held by the hung NFS call
  Families f = collectOnce(collector);
  for (int i = 0; i < 1000 && collector.stuckMountPoints().empty(); ++i) f = collectOnce(collector);
  ASSERT_EQ(pool->busyThreads(), 1u);
  f = collectOnce(collector);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_filesystem_size_bytes", mountLabels("/dev/vda1", "ext4", "/")),
                   100);
  t.statFs.release();
  pool->waitUntilIdle();
}

TEST_F(FilesystemCollectorTest, NeverWaitsAfterSayingItWouldNot) {
  ScratchTree tree;
  tree.write("1/mounts", "/dev/vda1 / ext4 rw 0 0\n");
  t.options.paths.procfs = tree.root();
  t.options.filesystem.mountTimeout = std::chrono::milliseconds(50);
  t.statFs.set("/mnt/nfs", usage(8, 4, 4));
  t.statFs.hang("/mnt/nfs");
  auto collector = make(1);
  EXPECT_TRUE(collector.mayBlock());  // nothing read yet
  collectOnce(collector);
  EXPECT_FALSE(collector.mayBlock());  // local disks only

  // An NFS mount appears (and hangs): the cycle the caller runs on trust
  // leaves it out instead of waiting...
  tree.write("1/mounts", "/dev/vda1 / ext4 rw 0 0\nnfs:/export /mnt/nfs nfs rw 0 0\n");
  Families f = collectOnce(collector);
  const Labels nfs = mountLabels("nfs:/export", "nfs", "/mnt/nfs");
  EXPECT_FALSE(valueOf(f, "node_filesystem_device_error", nfs));
  EXPECT_EQ(t.statFs.calls("/mnt/nfs"), 0);
  EXPECT_TRUE(collector.mayBlock());
  // ...and the next one, told it may wait, does.
  f = collectOnce(collector);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_filesystem_device_error", nfs), 1);
  t.statFs.release();
  pool->waitUntilIdle();
}

TEST(StatfsCannotBlockTest, OnlyKnownLocalTypesRunInline) {
  for (const char* local : {"ext4", "xfs", "btrfs", "tmpfs", "vfat"}) {
    EXPECT_TRUE(statfsCannotBlock(local)) << local;
  }
  for (const char* remote : {"nfs", "nfs4", "cifs", "fuse.sshfs", "autofs", "ceph", "9p", ""}) {
    EXPECT_FALSE(statfsCannotBlock(remote)) << remote;
  }
}

TEST_F(FilesystemCollectorTest, FallsBackToSelfMountsWhenPid1IsHidden) {
  ScratchTree tree;
  tree.write("self/mounts", "/dev/vda1 / ext4 rw 0 0\n");
  t.options.paths.procfs = tree.root();
  auto collector = make();
  const Families f = collectOnce(collector);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_filesystem_size_bytes", mountLabels("/dev/vda1", "ext4", "/")),
                   100);
}

TEST_F(FilesystemCollectorTest, MountsUnderRootfsAreReportedAsTheHostSeesThem) {
  ScratchTree tree;
  tree.write("1/mounts", "/dev/vda1 /host ext4 rw 0 0\n/dev/vda2 /boot ext4 rw 0 0\n");
  t.options.paths.procfs = tree.root();
  t.options.paths.rootfs = "/host";
  t.statFs.set("/host", usage(1, 1, 1));
  t.statFs.set("/host/boot", usage(2, 2, 2));
  auto collector = make();
  const Families f = collectOnce(collector);
  EXPECT_DOUBLE_EQ(sampleOf(f, "node_filesystem_size_bytes", mountLabels("/dev/vda1", "ext4", "/")),
                   1);
  EXPECT_DOUBLE_EQ(
      sampleOf(f, "node_filesystem_size_bytes", mountLabels("/dev/vda2", "ext4", "/boot")), 2);
}

TEST_F(FilesystemCollectorTest, OverMountedEntriesShareOneStatfs) {
  ScratchTree tree;
  tree.write("1/mounts", "/dev/vdb /boot ext4 rw 0 0\ntmpfs /boot tmpfs rw 0 0\n");
  t.options.paths.procfs = tree.root();
  auto collector = make();
  const Families f = collectOnce(collector);
  EXPECT_EQ(sampleCount(f, "node_filesystem_size_bytes"), 2u);
  EXPECT_EQ(t.statFs.calls("/boot"), 1);
}

TEST_F(FilesystemCollectorTest, InvalidExcludePatternFails) {
  t.options.filesystem.excludeFsTypes = "(tmpfs";
  auto collector = make();
  Families out;
  const auto result = collector.collect(out);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("exclude_fs_types"), std::string::npos);
}

TEST_F(FilesystemCollectorTest, MissingMountsFails) {
  ScratchTree tree;
  t.options.paths.procfs = tree.root();
  auto collector = make();
  Families out;
  EXPECT_FALSE(collector.collect(out));
}

}  // namespace
}  // namespace unyo::collectors
