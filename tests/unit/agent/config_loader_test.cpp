#include "agent/config.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace unyo::agent {
namespace {

namespace fs = std::filesystem;

fs::path fixtures() {
  const char* dir = std::getenv("UNYO_FIXTURES");
  return dir ? fs::path(dir) : fs::path("tests/fixtures");
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every error of a file, "LINE:COL: message" per line, file name removed
// and the file's folder shown as <dir> (messages may name files beside it).
std::string errorsWithoutFileName(const Diagnostics& diagnostics, const std::string& file) {
  const std::string dir = fs::path(file).parent_path().string();
  std::string out;
  std::istringstream lines(diagnostics.toString());
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(file + ":", 0) == 0) line = line.substr(file.size() + 1);
    for (auto at = line.find(dir); at != std::string::npos; at = line.find(dir)) {
      line.replace(at, dir.size(), "<dir>");
    }
    out += line + "\n";
  }
  return out;
}

// tests/fixtures/configs/bad/NAME.yaml is a broken config; NAME.expected
// holds exactly the errors it must produce, as LINE:COL: message.
TEST(ConfigLoaderTest, EveryMalformedConfigReportsItsExactErrors) {
  const fs::path dir = fixtures() / "configs" / "bad";
  std::size_t cases = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    ++cases;
    fs::path expectedFile = entry.path();
    expectedFile.replace_extension(".expected");
    SCOPED_TRACE(entry.path().filename().string());
    auto config = loadConfig(entry.path());
    ASSERT_FALSE(config) << "a broken config was accepted";
    if (std::getenv("UNYO_UPDATE_GOLDEN")) {  // regenerate, then review the diff by hand
      std::ofstream(expectedFile) << errorsWithoutFileName(config.error(), entry.path().string());
    }
    EXPECT_EQ(errorsWithoutFileName(config.error(), entry.path().string()), slurp(expectedFile));
  }
  EXPECT_GE(cases, 25u);
}

TEST(ConfigLoaderTest, TheBundledConfigsAreValid) {
  const fs::path root = fixtures().parent_path().parent_path();
  for (const char* file : {"packaging/demo/unyo.yaml", "packaging/unyo.yaml"}) {
    auto config = loadConfig(root / file);
    EXPECT_TRUE(config) << file << "\n" << (config ? "" : config.error().toString());
  }
}

TEST(ConfigLoaderTest, ReadsEveryOptionIntoItsPart) {
  auto config = parseConfig(R"(
identity:
  lg_code: "011002"
  system: national_health_insurance
  environment: staging
  vendor: Example Corp
  csp: aws
web:
  listen_address: "127.0.0.1:19877"
  api_tokens:
    - {name: ops, sha256: "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08", role: operate}
collectors:
  interval: 30s
  min_interval: 2s
  paths: {procfs: fixtures/proc, sysfs: /host/sys, rootfs: /host}
  filesystem: {exclude_fs_types: "^tmpfs$", mount_timeout: 2s}
  services: {include: ["app-*.service"], exclude: ["app-debug.service"]}
playbooks:
  paths: [playbooks, /etc/unyo/playbooks]
  timezone: Asia/Tokyo
  max_concurrent_runs: 3
  year_end_closure: {from: "12-28", to: "01-04"}
  approval_ttl: 30m
state:
  dir: state
  history: {max_runs: 100}
labor:
  hourly_rate: {jpy: 4200}
)",
                            "/etc/unyo/unyo.yaml");
  ASSERT_TRUE(config) << config.error().toString();
  EXPECT_EQ(config->identity.lgCode, "011002");
  EXPECT_EQ(config->identity.system, "national_health_insurance");
  EXPECT_EQ(config->identity.environment, "staging");
  EXPECT_EQ(config->identity.vendor, "Example Corp");
  EXPECT_EQ(config->identity.csp, "aws");
  EXPECT_EQ(config->web.listenAddress, "127.0.0.1:19877");
  ASSERT_EQ(config->apiTokens.size(), 1u);
  EXPECT_EQ(config->apiTokens[0].name, "ops");
  EXPECT_EQ(config->apiTokens[0].sha256, exporter::sha256("test"));
  EXPECT_EQ(config->apiTokens[0].role, exporter::ApiRole::operate);
  EXPECT_EQ(config->collectors.interval, std::chrono::seconds(30));
  EXPECT_EQ(config->collectors.minInterval, std::chrono::seconds(2));
  // Relative paths resolve against the config file's folder.
  EXPECT_EQ(config->collectors.paths.procfs, "/etc/unyo/fixtures/proc");
  EXPECT_EQ(config->collectors.paths.rootfs, "/host");
  EXPECT_EQ(config->collectors.filesystem.excludeFsTypes, "^tmpfs$");
  EXPECT_EQ(config->collectors.filesystem.mountTimeout, std::chrono::seconds(2));
  EXPECT_EQ(config->collectors.services.include, std::vector<std::string>{"app-*.service"});
  EXPECT_EQ(config->playbooks.paths,
            (std::vector<fs::path>{"/etc/unyo/playbooks", "/etc/unyo/playbooks"}));
  EXPECT_EQ(config->playbooks.maxConcurrentRuns, 3);
  EXPECT_EQ(config->playbooks.yearEndClosure.from, (playbooks::MonthDay{12, 28}));
  EXPECT_EQ(config->playbooks.yearEndClosure.to, (playbooks::MonthDay{1, 4}));
  EXPECT_EQ(config->playbooks.approvalTtl, std::chrono::minutes(30));
  EXPECT_EQ(config->state.dir, "/etc/unyo/state");
  EXPECT_EQ(config->state.maxRuns, 100u);
  EXPECT_EQ(config->labor.hourlyRateJpy, 4200);
}

TEST(ConfigLoaderTest, DefaultsApplyToAMinimalConfig) {
  auto config = parseConfig("identity: {lg_code: \"130001\", system: other}\n", "/x/unyo.yaml");
  ASSERT_TRUE(config) << config.error().toString();
  EXPECT_EQ(config->web.listenAddress, ":9877");
  EXPECT_EQ(config->collectors.interval, std::chrono::seconds(15));
  EXPECT_EQ(config->collectors.minInterval, std::chrono::seconds(1));
  EXPECT_EQ(config->collectors.paths.procfs, "/proc");
  EXPECT_EQ(config->state.dir, "/var/lib/unyo");
  EXPECT_EQ(config->state.maxRuns, 5000u);
  EXPECT_TRUE(config->apiTokens.empty());
}

TEST(ConfigLoaderTest, AMissingFileIsAnErrorNamingIt) {
  auto config = loadConfig("/nonexistent/unyo.yaml");
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().toString(), "/nonexistent/unyo.yaml: No such file or directory\n");
}

}  // namespace
}  // namespace unyo::agent
