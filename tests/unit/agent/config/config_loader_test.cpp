#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "agent/config/config.h"

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
    // An empty dir (a bare file name) would match everywhere, forever.
    for (auto at = dir.empty() ? std::string::npos : line.find(dir); at != std::string::npos;
         at = line.find(dir, at + 5)) {
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
  EXPECT_GE(cases, 54u);
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
  max_pending_runs: 40
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
  EXPECT_EQ(config->playbooks.maxPendingRuns, 40);
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

constexpr const char* kIdentity = "identity: {lg_code: \"130001\", system: other}\n";

TEST(ConfigLoaderTest, ReadsAllowedPathsNormalized) {
  auto config = parseConfig(std::string(kIdentity) +
                                "playbooks:\n  allowed_paths: [/var/log/app/, /srv//backup]\n",
                            "/x/unyo.yaml");
  ASSERT_TRUE(config) << config.error().toString();
  EXPECT_EQ(config->playbooks.allowedPaths,
            (std::vector<fs::path>{"/var/log/app", "/srv/backup"}));
}

TEST(ConfigLoaderTest, AllowedPathsDefaultToTheSystemLogAndDataFolders) {
  auto config = parseConfig(kIdentity, "/x/unyo.yaml");
  ASSERT_TRUE(config) << config.error().toString();
  EXPECT_EQ(config->playbooks.allowedPaths,
            (std::vector<fs::path>{"/var/log", "/var/tmp", "/var/backups", "/srv", "/opt"}));
  // An empty list is allowed: file actions may then act nowhere.
  auto none = parseConfig(std::string(kIdentity) + "playbooks: {allowed_paths: []}\n", "/x/u.yaml");
  ASSERT_TRUE(none) << none.error().toString();
  EXPECT_TRUE(none->playbooks.allowedPaths.empty());
}

TEST(ConfigLoaderTest, AllowedPathsMustBeAList) {
  auto config =
      parseConfig(std::string(kIdentity) + "playbooks: {allowed_paths: /var/log}\n", "u.yaml");
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().toString().find("u.yaml:2:28: allowed_paths must be a list"),
            std::string::npos)
      << config.error().toString();
}

TEST(ConfigLoaderCostTest, ReadsEveryCostOption) {
  auto config = parseConfig(std::string(kIdentity) + R"(
cost:
  fx: {usd_jpy: 150}
  compute: {instance_type: m6i.xlarge, price_per_hour: {usd: 0.248}, vcpus: 4}
  storage:
    - {mountpoint: /, price_per_gb_month: {usd: 0.096}, size: 100GiB}
    - {mountpoint: /var/lib/pgsql/, price_per_gb_month: {jpy: 14.4}}
  network: {interfaces: [eth0, ens5], egress_price_per_gb: {usd: 0.114}}
  fixed:
    - {name: app-license, price_per_month: {jpy: 120000}}
    - {name: support, price_per_month: {jpy: 0}}
  baseline:
    source: "vendor estimate 2025-04"
    monthly: {jpy: 350000}
  flush_interval: 5m
)",
                            "/etc/unyo/unyo.yaml");
  ASSERT_TRUE(config) << config.error().toString();
  const CostOptions& cost = config->cost;
  EXPECT_TRUE(cost.configured);
  EXPECT_EQ(cost.usdJpy, 150);
  ASSERT_TRUE(cost.compute);
  EXPECT_EQ(cost.compute->instanceType, "m6i.xlarge");
  EXPECT_EQ(cost.compute->pricePerHour.amount, 0.248);
  EXPECT_EQ(cost.compute->pricePerHour.currency, Currency::usd);
  EXPECT_EQ(cost.compute->vcpus, 4);
  ASSERT_EQ(cost.storage.size(), 2u);
  EXPECT_EQ(cost.storage[0].mountpoint, "/");
  EXPECT_EQ(cost.storage[0].pricePerGbMonth.amount, 0.096);
  EXPECT_EQ(cost.storage[0].pricePerGbMonth.currency, Currency::usd);
  EXPECT_EQ(cost.storage[0].sizeBytes, std::optional<std::uint64_t>(107374182400u));
  EXPECT_EQ(cost.storage[1].mountpoint, "/var/lib/pgsql");  // as the kernel lists it
  EXPECT_EQ(cost.storage[1].pricePerGbMonth.amount, 14.4);
  EXPECT_EQ(cost.storage[1].pricePerGbMonth.currency, Currency::jpy);
  EXPECT_FALSE(cost.storage[1].sizeBytes);
  ASSERT_TRUE(cost.network);
  EXPECT_EQ(cost.network->interfaces, (std::vector<std::string>{"eth0", "ens5"}));
  EXPECT_EQ(cost.network->egressPricePerGb.amount, 0.114);
  EXPECT_EQ(cost.network->egressPricePerGb.currency, Currency::usd);
  ASSERT_EQ(cost.fixed.size(), 2u);
  EXPECT_EQ(cost.fixed[0].name, "app-license");
  EXPECT_EQ(cost.fixed[0].pricePerMonth.amount, 120000);
  EXPECT_EQ(cost.fixed[0].pricePerMonth.currency, Currency::jpy);
  EXPECT_EQ(cost.fixed[1].name, "support");
  EXPECT_EQ(cost.fixed[1].pricePerMonth.amount, 0);
  ASSERT_TRUE(cost.baseline);
  EXPECT_EQ(cost.baseline->source, "vendor estimate 2025-04");
  ASSERT_TRUE(cost.baseline->monthly);
  EXPECT_EQ(cost.baseline->monthly->amount, 350000);
  EXPECT_EQ(cost.baseline->monthly->currency, Currency::jpy);
  EXPECT_TRUE(cost.baseline->byComponent.empty());
  EXPECT_EQ(cost.flushInterval, std::chrono::minutes(5));
}

TEST(ConfigLoaderCostTest, ReadsABaselinePerComponent) {
  auto config = parseConfig(std::string(kIdentity) + R"(
cost:
  fx: {usd_jpy: 139}
  baseline:
    by_component: {compute: {usd: 1200}, storage: {jpy: 50000}, fixed: {jpy: 120000}}
  flush_interval: 0s
)",
                            "/etc/unyo/unyo.yaml");
  ASSERT_TRUE(config) << config.error().toString();
  const CostOptions& cost = config->cost;
  EXPECT_FALSE(cost.compute);
  EXPECT_TRUE(cost.storage.empty());
  EXPECT_FALSE(cost.network);
  ASSERT_TRUE(cost.baseline);
  EXPECT_EQ(cost.baseline->source, "");
  EXPECT_FALSE(cost.baseline->monthly);
  ASSERT_EQ(cost.baseline->byComponent.size(), 3u);
  EXPECT_EQ(cost.baseline->byComponent.at("compute").currency, Currency::usd);
  EXPECT_EQ(cost.baseline->byComponent.at("compute").yen(cost.usdJpy), 1200 * 139);
  EXPECT_EQ(cost.baseline->byComponent.at("storage").yen(cost.usdJpy), 50000);
  EXPECT_EQ(cost.baseline->byComponent.at("fixed").amount, 120000);
  EXPECT_EQ(cost.flushInterval, std::chrono::milliseconds(0));  // every sample
}

TEST(ConfigLoaderCostTest, NoCostSectionMeansNotConfigured) {
  auto config = parseConfig(kIdentity, "/x/unyo.yaml");
  ASSERT_TRUE(config) << config.error().toString();
  EXPECT_FALSE(config->cost.configured);
  EXPECT_FALSE(config->cost.compute);
  EXPECT_FALSE(config->cost.baseline);
  EXPECT_EQ(config->cost.flushInterval, std::chrono::minutes(5));
}

TEST(ConfigLoaderCostTest, AnEmptyCostSectionIsConfiguredWithNoPrices) {
  auto config = parseConfig(std::string(kIdentity) + "cost:\n", "/x/unyo.yaml");
  ASSERT_TRUE(config) << config.error().toString();
  EXPECT_TRUE(config->cost.configured);
  EXPECT_FALSE(config->cost.compute);
  EXPECT_EQ(config->cost.usdJpy, 0);  // no USD price, so no rate needed
}

std::string costErrors(const std::string& costSection) {
  auto config = parseConfig(std::string(kIdentity) + costSection, "/x/u.yaml");
  return config ? "accepted" : errorsWithoutFileName(config.error(), "/x/u.yaml");
}

TEST(ConfigLoaderCostTest, ReportsEveryPriceErrorAtOnce) {
  EXPECT_EQ(costErrors(R"(cost:
  compute: {price_per_hour: {}}
  network: {interfaces: [eth0], egress_price_per_gb: {usd: .inf}}
  fixed:
    - {name: a, price_per_month: {usd: 1, jpy: 150}}
    - {name: b, price_per_month: {jpy: -1}}
    - {name: c, price_per_month: {USD: 1}}
)"),
            "3:29: cost.compute.price_per_hour needs exactly one of usd or jpy\n"
            "4:60: cost.network.egress_price_per_gb must be a number, got \".inf\"\n"
            "6:34: cost.fixed.price_per_month needs exactly one of usd or jpy, not both\n"
            "7:40: cost.fixed.price_per_month must not be negative\n"
            "8:35: unknown currency \"USD\" in cost.fixed.price_per_month "
            "(did you mean \"usd\"?)\n");
}

TEST(ConfigLoaderCostTest, AMissingExchangeRateIsReportedOnceAtTheFirstUsdPrice) {
  EXPECT_EQ(costErrors(R"(cost:
  fixed:
    - {name: a, price_per_month: {usd: 10}}
  compute: {price_per_hour: {usd: 0.248}}
  baseline: {monthly: {usd: 2000}}
)"),
            "4:40: cost.fixed.price_per_month is in USD and needs cost.fx.usd_jpy, the "
            "accounting exchange rate (e.g. fx: {usd_jpy: 150})\n");
  // A rate that is written but wrong is reported where it is, once.
  EXPECT_EQ(costErrors("cost:\n  fx: {usd_jpy: -150}\n  compute: {price_per_hour: {usd: 1}}\n"),
            "3:17: usd_jpy must be positive (yen per US dollar, e.g. 150)\n");
  EXPECT_EQ(costErrors("cost:\n  fx: {usd_jpy: 150}\n  compute: {price_per_hour: {usd: 1}}\n"),
            "accepted");
}

TEST(ConfigLoaderCostTest, ReportsEveryStructuralErrorAtOnce) {
  EXPECT_EQ(costErrors(R"(cost:
  compute: {instance_type: m6i.xlarge, vcpus: 0}
  storage: {mountpoint: /}
  network: {interfaces: [eth0, "eth0", "a/b"]}
  fixed:
    - {price_per_month: {jpy: 1}}
  baseline: {source: estimate}
  flush_interval: often
)"),
            "3:12: missing required key \"price_per_hour\"\n"
            "3:47: vcpus must be at least 1\n"
            "4:12: expected a list of volumes for cost.storage, got a mapping\n"
            "5:12: missing required key \"egress_price_per_gb\"\n"
            "5:32: duplicate interface \"eth0\" (its egress would count twice)\n"
            "5:40: \"a/b\" is not a network interface name (1 to 15 characters, no \"/\", \":\" "
            "or spaces)\n"
            "7:7: missing required key \"name\"\n"
            "8:13: cost.baseline needs monthly (a price) or by_component (a price per "
            "component)\n"
            "9:19: invalid duration \"often\" (use a number with ms, s, m, h, d or w, e.g. 15s)\n");
}

TEST(ConfigLoaderTest, AMissingFileIsAnErrorNamingIt) {
  auto config = loadConfig("/nonexistent/unyo.yaml");
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().toString(), "/nonexistent/unyo.yaml: No such file or directory\n");
}

constexpr std::string_view kWebTestIdentity = "identity: {lg_code: \"131016\", system: other}\n";
constexpr std::string_view kToken =
    "  api_tokens:\n    - {name: ops, sha256: "
    "\"9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08\", role: operate}\n";

Config webConfig(const std::string& web) {
  auto config = parseConfig(std::string(kWebTestIdentity) + "web:\n" + web, "/etc/unyo/unyo.yaml");
  EXPECT_TRUE(config) << config.error().toString();
  return config ? *config : Config{};
}

TEST(ConfigLoaderTest, TheWebConfigFileIsRelativeToTheConfigsFolder) {
  EXPECT_EQ(webConfig("  config_file: web-config.yml\n").web.configFile,
            "/etc/unyo/web-config.yml");
  EXPECT_EQ(webConfig("  config_file: /srv/tls/web.yml\n").web.configFile, "/srv/tls/web.yml");
  EXPECT_TRUE(webConfig("  listen_address: \":9877\"\n").web.configFile.empty());
  EXPECT_TRUE(webConfig("  allow_insecure_api: true\n").web.allowInsecureApi);
}

TEST(ConfigLoaderTest, TokensInClearTextOnTheNetworkAreRefused) {
  const auto exposed = [](const std::string& web, bool tls) {
    return checkApiExposure(webConfig(web), tls).has_value() ? "allowed" : "refused";
  };
  const std::string tokens(kToken);
  EXPECT_STREQ(exposed("  listen_address: \":9877\"\n" + tokens, false), "refused");
  EXPECT_STREQ(exposed("  listen_address: \"10.0.1.23:9877\"\n" + tokens, false), "refused");
  EXPECT_STREQ(exposed("  listen_address: \"vm.example:9877\"\n" + tokens, false), "refused");
  // TLS, loopback, no tokens or an explicit yes: nothing crosses in clear.
  EXPECT_STREQ(exposed("  listen_address: \":9877\"\n" + tokens, true), "allowed");
  EXPECT_STREQ(exposed("  listen_address: \"127.0.0.1:9877\"\n" + tokens, false), "allowed");
  EXPECT_STREQ(exposed("  listen_address: \"[::1]:9877\"\n" + tokens, false), "allowed");
  EXPECT_STREQ(exposed("  listen_address: \"localhost:9877\"\n" + tokens, false), "allowed");
  EXPECT_STREQ(exposed("  listen_address: \":9877\"\n", false), "allowed");
  EXPECT_STREQ(exposed("  listen_address: \":9877\"\n  allow_insecure_api: true\n" + tokens, false),
               "allowed");
  auto refusal = checkApiExposure(webConfig("  listen_address: \":9877\"\n" + tokens), false);
  ASSERT_FALSE(refusal);
  EXPECT_NE(refusal.error().message.find("clear text"), std::string::npos);
  EXPECT_NE(refusal.error().message.find("allow_insecure_api"), std::string::npos);
}

}  // namespace
}  // namespace unyo::agent
