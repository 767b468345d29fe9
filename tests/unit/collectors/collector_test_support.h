#pragma once

// What the collector tests share: the fixture trees, a context built from
// fakes, a scratch procfs for broken inputs, and sample lookups.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "base/host_paths.h"
#include "base/logger.h"
#include "collectors/collector.h"
#include "collectors/registry.h"
#include "fakes/fake_clock.h"
#include "fakes/fake_statfs.h"

namespace unyo::collectors::testing {

inline std::filesystem::path fixturesDir() {
  const char* dir = std::getenv("UNYO_FIXTURES");
  if (dir == nullptr || *dir == '\0') {
    ADD_FAILURE() << "UNYO_FIXTURES is not set; run through ctest or set it to tests/fixtures";
    return "/nonexistent-unyo-fixtures";
  }
  return dir;
}

// procfs and sysfs at the fixture trees; rootfs stays "/".
inline HostPaths fixturePaths() {
  HostPaths paths;
  paths.procfs = fixturesDir() / "proc";
  paths.sysfs = fixturesDir() / "sys";
  return paths;
}

// Fakes and options behind a CollectorContext; tests change options first.
struct TestContext {
  Options options;
  unyo::testing::FakeClock clock;
  Logger log{clock, LogLevel::error, LogFormat::logfmt, -1};
  unyo::testing::FakeStatFs statFs;

  TestContext() { options.paths = fixturePaths(); }
  CollectorContext context() { return CollectorContext{options, clock, log, statFs}; }
};

// A throwaway directory tree for inputs the fixtures do not have.
class ScratchTree {
 public:
  ScratchTree() {
    std::string pattern = (std::filesystem::temp_directory_path() / "unyo-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
    root_ = pattern;
  }
  ~ScratchTree() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  ScratchTree(const ScratchTree&) = delete;
  ScratchTree& operator=(const ScratchTree&) = delete;

  void write(const std::filesystem::path& relative, std::string_view text) const {
    const auto path = root_ / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
  }
  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

// Runs one collect() that must succeed.
inline Families collectOnce(Collector& collector) {
  Families out;
  const auto result = collector.collect(out);
  EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message);
  return out;
}

// The value of the sample of family `name` whose labels are exactly `labels`.
inline std::optional<double> valueOf(const Families& families, std::string_view name,
                                     const Labels& labels = {}) {
  const auto* family = findFamily(families, name);
  if (family == nullptr) return std::nullopt;
  for (const auto& m : family->metric) {
    if (m.label == labels) return sampleValue(*family, m);
  }
  return std::nullopt;
}

// The same as a plain number, NaN when there is no such sample (so the
// comparison fails with a readable message instead of dereferencing nothing).
inline double sampleOf(const Families& families, std::string_view name, const Labels& labels = {}) {
  return valueOf(families, name, labels).value_or(std::numeric_limits<double>::quiet_NaN());
}

inline std::size_t sampleCount(const Families& families, std::string_view name) {
  const auto* family = findFamily(families, name);
  return family == nullptr ? 0 : family->metric.size();
}

}  // namespace unyo::collectors::testing
