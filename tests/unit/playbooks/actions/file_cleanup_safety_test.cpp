// What file.cleanup must never do: follow symlinks, touch anything but
// regular files, clean system directories, or give up on a whole run for
// one file that went away.

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

#include "playbooks/actions/cleanup_guard.h"
#include "playbooks/actions/file_cleanup_action.h"
#include "playbooks/actions/file_cleanup_walk.h"
#include "unit/playbooks/actions/action_harness.h"

namespace unyo::playbooks {
namespace {

namespace fs = std::filesystem;
using testing::withOf;

constexpr std::chrono::seconds kOld = std::chrono::hours(24 * 40);

class FileCleanupSafetyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(root_);
    fs::create_directories(outside_);
  }
  ActionResult cleanup(const std::string& path, Value with, bool dryRun = false) {
    with.set("path", path);
    return harness_.run(fileCleanupActionDescriptor(), with, dryRun);
  }
  ActionResult cleanupEverything(bool recursive = true) {
    return cleanup(root_.string(), withOf({{"older_than", "0s"}, {"recursive", recursive}}));
  }
  void oldFile(const fs::path& path) { testing::makeFile(path, 10, harness_.ago(kOld)); }

  testing::TempDir dir_;
  fs::path root_ = dir_.path() / "logs";
  fs::path outside_ = dir_.path() / "outside";
  testing::ActionHarness harness_;
};

TEST_F(FileCleanupSafetyTest, ASymlinkToAFileOutsideIsNeitherFollowedNorDeleted) {
  oldFile(outside_ / "secret.log");
  fs::create_symlink(outside_ / "secret.log", root_ / "link.log");
  testing::setModified(root_ / "link.log", harness_.ago(kOld));
  const ActionResult r = cleanupEverything();
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.output.find("files_matched")->asInt(), 0);
  EXPECT_EQ(r.output.find("files_deleted")->asInt(), 0);
  EXPECT_TRUE(fs::exists(outside_ / "secret.log"));
  EXPECT_TRUE(fs::is_symlink(root_ / "link.log"));
}

TEST_F(FileCleanupSafetyTest, ASymlinkedDirectoryIsNotEntered) {
  oldFile(outside_ / "precious.log");
  oldFile(root_ / "real/old.log");
  fs::create_directory_symlink(outside_, root_ / "linked");
  fs::create_directory_symlink(outside_, root_ / "real/nested-link");
  const ActionResult r = cleanupEverything();
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.output.find("files_deleted")->asInt(), 1);
  EXPECT_FALSE(fs::exists(root_ / "real/old.log"));
  EXPECT_TRUE(fs::exists(outside_ / "precious.log"));
  EXPECT_TRUE(fs::is_symlink(root_ / "linked"));
}

TEST_F(FileCleanupSafetyTest, APathThatIsASymlinkIsRefused) {
  oldFile(outside_ / "precious.log");
  fs::create_directory_symlink(outside_, dir_.path() / "alias");
  const std::string alias = (dir_.path() / "alias").string();
  const ActionResult r = cleanup(alias, withOf({{"older_than", "0s"}}));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "path " + alias + " is a symbolic link; name the directory it points to");
  EXPECT_TRUE(fs::exists(outside_ / "precious.log"));
}

TEST_F(FileCleanupSafetyTest, RefusesTheRootEmptyRelativeAndSystemPaths) {
  const Value with = withOf({{"older_than", "0s"}, {"recursive", true}});
  // Dry runs, so that a broken guard still deletes nothing.
  EXPECT_EQ(cleanup("/", with, true).error, "\"path\": file.cleanup refuses to clean /");
  EXPECT_EQ(cleanup("", with, true).error, "\"path\": the path is empty");
  EXPECT_EQ(cleanup("relative/path", with, true).error,
            "\"path\": relative/path is not an absolute path");
  EXPECT_EQ(cleanup("/etc", with, true).error, "\"path\": file.cleanup refuses to clean /etc");
  EXPECT_EQ(cleanup("/etc/", with, true).error, "\"path\": file.cleanup refuses to clean /etc");
  EXPECT_EQ(cleanup("/usr/lib", with, true).error,
            "\"path\": file.cleanup refuses to clean /usr/lib (inside /usr)");
  EXPECT_EQ(cleanup("/var", with, true).error,
            "\"path\": file.cleanup refuses to clean /var itself; name a directory below it");
  EXPECT_EQ(cleanup("/var/log/../..", with, true).error,
            "\"path\": /var/log/../.. must not contain \".\" or \"..\"");
  EXPECT_EQ(cleanup("//", with, true).error, "\"path\": file.cleanup refuses to clean /");
}

TEST_F(FileCleanupSafetyTest, AParentSymlinkIntoASystemDirectoryIsRefused) {
  if (!fs::is_directory("/etc/apt") || fs::is_symlink("/etc")) GTEST_SKIP() << "needs /etc/apt";
  // Even a config that allowed /etc would not let file.cleanup clean it.
  harness_.access().fileRails.allowed = {dir_.path(), "/etc"};
  fs::create_directory_symlink("/etc", dir_.path() / "etc-alias");
  const std::string path = (dir_.path() / "etc-alias/apt").string();
  const ActionResult r = cleanup(path, withOf({{"older_than", "0s"}}), true);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "path " + path +
                         " is /etc/apt: file.cleanup refuses to clean /etc/apt "
                         "(inside /etc)");
}

TEST_F(FileCleanupSafetyTest, TheGuardNormalizesWhatItAllows) {
  EXPECT_EQ(checkCleanupRoot("/var//log/app/").value(), "/var/log/app");
  EXPECT_EQ(checkCleanupRoot("/srv/backup").value(), "/srv/backup");
  EXPECT_EQ(checkCleanupRoot("/tmp/unyo").value(), "/tmp/unyo");
  EXPECT_FALSE(checkCleanupRoot("/proc/1"));
  EXPECT_FALSE(checkCleanupRoot("/boot"));
  EXPECT_FALSE(checkCleanupRoot("/sys/kernel"));
  EXPECT_FALSE(checkCleanupRoot("/dev/shm"));
  EXPECT_FALSE(checkCleanupRoot("/home"));
  EXPECT_TRUE(checkCleanupRoot("/etcetera"));  // a sibling, not inside /etc
}

TEST_F(FileCleanupSafetyTest, OnlyRegularFilesAreDeleted) {
  oldFile(root_ / "plain.log");
  ASSERT_EQ(::mkfifo((root_ / "fifo").c_str(), 0600), 0);
  const int sock = ::socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(sock, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string socketPath = (root_ / "sock").string();
  ASSERT_LT(socketPath.size(), sizeof address.sun_path);
  std::strcpy(address.sun_path, socketPath.c_str());
  ASSERT_EQ(::bind(sock, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ::close(sock);
  for (const char* name : {"fifo", "sock"}) testing::setModified(root_ / name, harness_.ago(kOld));

  const ActionResult r = cleanupEverything(false);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.output.find("files_matched")->asInt(), 1);
  EXPECT_EQ(r.output.find("files_deleted")->asInt(), 1);
  EXPECT_TRUE(fs::is_fifo(root_ / "fifo"));
  EXPECT_TRUE(fs::is_socket(root_ / "sock"));
}

// The walk checks the time as it enters each directory: the hook runs there.
CleanupJob jobWithHook(const fs::path& root, std::function<void(int call)> hook) {
  CleanupJob job;
  job.path = root.string();
  job.pattern = "*";
  job.cutoffNs = INT64_MAX;
  job.recursive = true;
  job.maxDelete = 1000;
  job.rails.allowed = {root};
  job.inTime = [hook = std::move(hook), calls = 0]() mutable {
    hook(++calls);
    return true;
  };
  return job;
}

TEST_F(FileCleanupSafetyTest, AFileVanishingMidWalkIsCountedNotFatal) {
  for (const char* name : {"d1/x.log", "d1/y.log", "d2/x.log", "d2/y.log"}) oldFile(root_ / name);
  // Call 3 enters the second subdirectory: the first one's x.log was seen
  // and now vanishes; the second one's is simply gone before it is read.
  const CleanupReport report = cleanUpDirectory(jobWithHook(root_, [&](int call) {
    if (call != 3) return;
    fs::remove(root_ / "d1/x.log");
    fs::remove(root_ / "d2/x.log");
  }));
  EXPECT_EQ(report.failure, "");
  EXPECT_EQ(report.deletedFiles, 2u);
  EXPECT_EQ(report.problems.count(), 1u);
  ASSERT_EQ(report.problems.first().size(), 1u);
  EXPECT_TRUE(report.problems.first()[0].ends_with("x.log: vanished"))
      << report.problems.first()[0];
  EXPECT_FALSE(fs::exists(root_ / "d1/y.log"));
  EXPECT_FALSE(fs::exists(root_ / "d2/y.log"));
}

TEST_F(FileCleanupSafetyTest, AFileReplacedAfterTheWalkIsLeftAlone) {
  for (const char* name : {"d1/x.log", "d2/x.log"}) oldFile(root_ / name);
  const CleanupReport report = cleanUpDirectory(jobWithHook(root_, [&](int call) {
    if (call != 3) return;
    // The same name, another inode (created before the old one goes, so
    // the file system cannot hand the old inode number out again).
    for (const char* name : {"d1/x.log", "d2/x.log"}) {
      oldFile(root_ / (std::string(name) + ".new"));
      fs::rename(root_ / (std::string(name) + ".new"), root_ / name);
    }
  }));
  EXPECT_EQ(report.failure, "");
  EXPECT_EQ(report.problems.count(), 1u);
  ASSERT_EQ(report.problems.first().size(), 1u);
  EXPECT_TRUE(report.problems.first()[0].ends_with("x.log: changed since the walk; left alone"))
      << report.problems.first()[0];
  EXPECT_TRUE(fs::exists(root_ / "d1/x.log") || fs::exists(root_ / "d2/x.log"));
}

TEST_F(FileCleanupSafetyTest, AWalkOutOfTimeDeletesNothing) {
  oldFile(root_ / "a.log");
  const ActionResult r = harness_.run(*makeFileCleanupAction(),
                                      withOf({{"path", root_.string()}, {"older_than", "0s"}}),
                                      false, std::chrono::milliseconds(0));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error,
            "the walk of " + root_.string() + " did not finish in time; nothing was deleted");
  EXPECT_TRUE(fs::exists(root_ / "a.log"));
}

TEST_F(FileCleanupSafetyTest, TwentyThousandFilesInOneDirectory) {
  constexpr int kFiles = 20000;
  for (int i = 0; i < kFiles; ++i) {
    const fs::path path = root_ / ("f" + std::to_string(i) + ".log");
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::write(fd, "x", 1), 1);
    ::close(fd);
    // The lower 12,000 are old, by a minute each step.
    testing::setModified(path, harness_.ago(i < 12000 ? kOld + std::chrono::minutes(12000 - i)
                                                      : std::chrono::seconds(1)));
  }
  const ActionResult r = cleanup(root_.string(), withOf({{"older_than", "30d"}}));  // max 10000
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.output.find("files_matched")->asInt(), kFiles);
  EXPECT_EQ(r.output.find("files_deleted")->asInt(), 10000);
  EXPECT_EQ(r.output.find("bytes_freed")->asInt(), 10000);
  EXPECT_TRUE(r.output.find("limited")->asBool());
  EXPECT_EQ(r.output.find("sample")->asList().size(), 20u);
  EXPECT_FALSE(fs::exists(root_ / "f0.log"));     // the oldest go first
  EXPECT_TRUE(fs::exists(root_ / "f11999.log"));  // old, but over the limit
  EXPECT_TRUE(fs::exists(root_ / "f12000.log"));  // young

  const ActionResult rest = cleanup(root_.string(), withOf({{"older_than", "30d"}}));
  EXPECT_EQ(rest.output.find("files_deleted")->asInt(), 2000);
  EXPECT_FALSE(rest.output.find("limited")->asBool());
}

TEST_F(FileCleanupSafetyTest, AGlobLeavesDotFilesAndHiddenFoldersAlone) {
  for (const char* name : {"visible.log", ".hidden.log", ".cache/inner.log"}) oldFile(root_ / name);
  const ActionResult r = cleanupEverything();
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.output.find("files_deleted")->asInt(), 1);
  EXPECT_FALSE(fs::exists(root_ / "visible.log"));
  EXPECT_TRUE(fs::exists(root_ / ".hidden.log"));
  EXPECT_TRUE(fs::exists(root_ / ".cache/inner.log"));
  // A pattern that starts with "." names dot-files on purpose, as in a shell.
  const ActionResult dotted =
      cleanup(root_.string(), withOf({{"older_than", "0s"}, {"pattern", ".*.log"}}));
  EXPECT_EQ(dotted.output.find("files_deleted")->asInt(), 1);
  EXPECT_FALSE(fs::exists(root_ / ".hidden.log"));
}

TEST_F(FileCleanupSafetyTest, MatchDotfilesDeletesThemToo) {
  for (const char* name : {"visible.log", ".hidden.log", ".cache/inner.log"}) oldFile(root_ / name);
  const ActionResult r = cleanup(
      root_.string(),
      withOf({{"older_than", "0s"}, {"recursive", true}, {"match_dotfiles", true}}));
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.output.find("files_deleted")->asInt(), 3);
  EXPECT_FALSE(fs::exists(root_ / ".hidden.log"));
  EXPECT_FALSE(fs::exists(root_ / ".cache/inner.log"));
}

TEST_F(FileCleanupSafetyTest, OnlyAnotherDeviceCrossesTheFilesystem) {
  const WalkLimits limits{.oneFilesystem = true, .skipHiddenDirectories = false, .deviceOf = {}};
  EXPECT_FALSE(crossesFilesystem(limits, 2049, 2049));
  EXPECT_TRUE(crossesFilesystem(limits, 2049, 64));
  EXPECT_FALSE(crossesFilesystem(WalkLimits{}, 2049, 64));  // backup.verify's walk
}

// A directory on another device (a mount point) is neither entered nor
// removed; the device is faked, since a test cannot mount.
TEST_F(FileCleanupSafetyTest, AMountedSubdirectoryIsSkippedAndReported) {
  for (const char* name : {"top.log", "mnt/data.log", "mnt/deep/more.log", "same/x.log"}) {
    oldFile(root_ / name);
  }
  struct stat mountPoint {};
  ASSERT_EQ(::lstat((root_ / "mnt").c_str(), &mountPoint), 0);
  CleanupJob job = jobWithHook(root_, [](int) {});
  job.removeEmptyDirs = true;
  job.deviceOf = [inode = mountPoint.st_ino](const struct stat& st) {
    return st.st_ino == inode ? dev_t{4242} : st.st_dev;
  };
  const CleanupReport report = cleanUpDirectory(job);
  EXPECT_EQ(report.failure, "");
  EXPECT_EQ(report.deletedFiles, 2u);
  EXPECT_EQ(report.skippedMounts, std::vector<std::string>{(root_ / "mnt").string()});
  EXPECT_TRUE(fs::exists(root_ / "mnt/data.log"));
  EXPECT_TRUE(fs::exists(root_ / "mnt/deep/more.log"));
  EXPECT_FALSE(fs::exists(root_ / "same"));  // emptied and removed
  EXPECT_FALSE(fs::exists(root_ / "top.log"));
}

TEST_F(FileCleanupSafetyTest, TheStepOutputCountsSkippedMounts) {
  oldFile(root_ / "a.log");
  const ActionResult r = cleanupEverything();
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.output.find("mounts_skipped")->asInt(), 0);
  EXPECT_TRUE(r.output.find("skipped_mounts")->asList().empty());
}

}  // namespace
}  // namespace unyo::playbooks
