#include "collectors/mount_table.h"

#include <gtest/gtest.h>

#include "support/child_process.h"

namespace unyo::collectors {
namespace {

TEST(MountTableTest, TheRealTableIsReadAgainOnlyWhenTheKernelSaysItChanged) {
  MountTable table(HostPaths{});
  auto first = table.refresh();
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(*first);
  EXPECT_FALSE(table.entries().empty());
  auto second = table.refresh();
  ASSERT_TRUE(second);
  EXPECT_FALSE(*second);  // nothing was mounted in between
  EXPECT_FALSE(table.entries().empty());
}

TEST(MountTableTest, AFileThatCannotSignalChangesIsReadEveryTime) {
  unyo::testing::TempDir dir;
  unyo::testing::writeFile(dir.path() / "1/mounts", "/dev/vda1 / ext4 rw 0 0\n");
  HostPaths paths;
  paths.procfs = dir.path();
  MountTable table(paths);
  ASSERT_TRUE(table.refresh().value());
  unyo::testing::writeFile(dir.path() / "1/mounts",
                           "/dev/vda1 / ext4 rw 0 0\n/dev/vdb /data xfs rw 0 0\n");
  ASSERT_TRUE(table.refresh().value());
  ASSERT_EQ(table.entries().size(), 2u);
  EXPECT_EQ(table.entries()[1].mountPoint, "/data");
  EXPECT_EQ(table.entries()[1].fsType, "xfs");
}

TEST(MountTableTest, StripsTheRootfsPrefixAndFallsBackToSelf) {
  unyo::testing::TempDir dir;
  unyo::testing::writeFile(dir.path() / "self/mounts",
                           "/dev/vda1 /host ext4 rw 0 0\n/dev/vda2 /host/boot ext4 ro 0 0\n"
                           "/dev/vda3 /hostile ext4 rw 0 0\n");
  HostPaths paths;
  paths.procfs = dir.path();
  paths.rootfs = "/host/";
  MountTable table(paths);
  ASSERT_TRUE(table.refresh().value());
  ASSERT_EQ(table.entries().size(), 3u);
  EXPECT_EQ(table.entries()[0].mountPoint, "/");
  EXPECT_EQ(table.entries()[1].mountPoint, "/boot");
  EXPECT_EQ(table.entries()[2].mountPoint, "/hostile");
}

TEST(MountTableTest, AMissingOrBrokenTableIsAnError) {
  unyo::testing::TempDir dir;
  HostPaths paths;
  paths.procfs = dir.path();
  MountTable table(paths);
  EXPECT_FALSE(table.refresh());
  unyo::testing::writeFile(dir.path() / "1/mounts", "rootfs / rootfs\n");
  auto broken = table.refresh();
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().message,
            "mounts: malformed mount point information: \"rootfs / rootfs\"");
}

}  // namespace
}  // namespace unyo::collectors
