#include "collectors/uname_collector.h"

#include "collector_test_support.h"

namespace unyo::collectors {
namespace {

using testing::collectOnce;
using testing::ScratchTree;
using testing::TestContext;

TEST(UnameCollectorTest, KernelValueDropsOnlyTheNewline) {
  EXPECT_EQ(kernelValue("#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)\n"),
            "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)");
  EXPECT_EQ(kernelValue("(none)\n"), "(none)");
  EXPECT_EQ(kernelValue(""), "");
}

TEST(UnameCollectorTest, LabelsComeFromTheFixtureTree) {
  TestContext t;
  const Families f = collectOnce(*makeUnameCollector(t.context()));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].name, "node_uname_info");
  EXPECT_EQ(f[0].help, "Labeled system information as provided by the uname system call.");
  ASSERT_EQ(f[0].metric.size(), 1u);
  EXPECT_DOUBLE_EQ(f[0].metric[0].gauge.value, 1);
  const Labels expected = {
      {"domainname", "(none)"}, {"machine", "x86_64"},
      {"nodename", "lg-app01"}, {"release", "6.1.0-18-amd64"},
      {"sysname", "Linux"},     {"version", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)"}};
  EXPECT_EQ(f[0].metric[0].label, expected);
}

TEST(UnameCollectorTest, HostnameChangesAreSeenAndArchFallsBackToUname) {
  ScratchTree tree;
  tree.write("sys/kernel/osrelease", "6.1.0\n");
  tree.write("sys/kernel/ostype", "Linux\n");
  tree.write("sys/kernel/version", "#1\n");
  tree.write("sys/kernel/domainname", "(none)\n");
  tree.write("sys/kernel/hostname", "before\n");
  TestContext t;
  t.options.paths.procfs = tree.root();
  auto collector = makeUnameCollector(t.context());
  const Families first = collectOnce(*collector);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(labelValue(first[0].metric[0], "nodename"), "before");
  EXPECT_FALSE(labelValue(first[0].metric[0], "machine").empty());  // from uname(2)

  tree.write("sys/kernel/hostname", "after\n");
  const Families second = collectOnce(*collector);
  EXPECT_EQ(labelValue(second[0].metric[0], "nodename"), "after");
}

TEST(UnameCollectorTest, MissingKernelFilesFail) {
  ScratchTree tree;
  TestContext t;
  t.options.paths.procfs = tree.root();
  Families out;
  EXPECT_FALSE(makeUnameCollector(t.context())->collect(out));
}

}  // namespace
}  // namespace unyo::collectors
