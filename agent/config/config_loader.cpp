// Reads the config file section by section into each part's options. Every
// section reader reports its problems to the shared Diagnostics and carries
// on, so a user sees every mistake in one run.

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <regex>
#include <set>

#include "agent/config/config.h"
#include "agent/cost/cost_config_reader.h"
#include "base/file_trust.h"
#include "agent/config/remote_write_config.h"
#include "base/path_resolver.h"
#include "base/time_zone.h"
#include "base/yaml_reader.h"
#include "collectors/registry.h"
#include "exporter/listen_address.h"
#include "playbooks/parser/playbook_parser.h"
#include "playbooks/parser/vars_reader.h"
#include "playbooks/schedule/business_calendar.h"

namespace unyo::agent {
namespace {

using yaml::YamlFile;
using yaml::YamlMap;

// Where relative paths in the file point: the file's own folder, as
// Prometheus does, so the same config works from any working directory.
struct PathResolver {
  std::filesystem::path base;
  std::filesystem::path operator()(const std::string& value) const {
    std::filesystem::path p(value);
    return p.is_absolute() ? p : (base / p).lexically_normal();
  }
};

bool oneOf(std::string_view value, std::span<const std::string_view> allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

std::string joined(std::span<const std::string_view> items) {
  std::string out;
  for (auto item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

// Reads a string that must be one of `allowed`, suggesting the closest.
void readChoice(YamlMap& map, std::string_view key, std::string& out,
                std::span<const std::string_view> allowed) {
  auto node = map.get(key);
  if (!node) return;
  auto value = yaml::asString(*node);
  if (!value) return map.file().error(*node, value.error().message);
  if (!oneOf(*value, allowed)) {
    const std::string guess = yaml::closestMatch(*value, allowed);
    return map.file().error(*node, "unknown " + std::string(key) + " \"" + *value + "\" " +
                                       (guess.empty() ? "(one of " + joined(allowed) + ")"
                                                      : "(did you mean \"" + guess + "\"?)"));
  }
  out = std::move(*value);
}

void readRegex(YamlMap& map, std::string_view key, std::string& out) {
  auto node = map.get(key);
  if (!node) return;
  auto value = yaml::asString(*node);
  if (!value) return map.file().error(*node, value.error().message);
  try {
    std::regex check(*value, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return map.file().error(*node, "invalid regular expression \"" + *value + "\": " + e.what());
  }
  out = std::move(*value);
}

void readPath(YamlMap& map, std::string_view key, std::filesystem::path& out,
              const PathResolver& resolve) {
  std::string value;
  if (!map.read(key, value)) return;
  if (value.empty()) {
    map.file().error(*map.get(key), std::string(key) + " must not be empty");
    return;
  }
  out = resolve(value);
}

void readIdentity(YamlMap& top, Identity& identity) {
  auto node = top.require("identity");
  if (!node) return;
  YamlMap map(top.file(), *node, "identity");
  if (auto code = map.require("lg_code")) {
    if (auto text = yaml::asString(*code); !text) {
      map.file().error(*code, text.error().message);
    } else if (auto problem = lgCodeProblem(*text)) {
      map.file().error(*code, *problem);
    } else {
      identity.lgCode = *text;
    }
  }
  std::vector<std::string_view> systemIds;
  for (const auto& s : businessSystems()) systemIds.push_back(s.id);
  if (map.require("system")) readChoice(map, "system", identity.system, systemIds);
  readChoice(map, "environment", identity.environment, kEnvironments);
  readChoice(map, "csp", identity.csp, kCloudProviders);
  map.read("vendor", identity.vendor);
  map.read("instance", identity.instance);
  map.read("municipality_name", identity.municipalityName);
  if (map.read("population", identity.population) && identity.population < 1) {
    map.file().error(*map.get("population"), "population must be a positive number of residents");
  }
  map.finish();
}

exporter::ApiRole parseRole(std::string_view text) {
  if (text == "operate") return exporter::ApiRole::operate;
  if (text == "approve") return exporter::ApiRole::approve;
  if (text == "alert") return exporter::ApiRole::alert;
  return exporter::ApiRole::read;
}

void readApiTokens(YamlMap& web, std::vector<exporter::ApiTokenEntry>& tokens) {
  auto node = web.get("api_tokens");
  if (!node) return;
  if (!node->IsSequence()) {
    return web.file().error(*node, "expected a list of tokens, got " + yaml::describe(*node));
  }
  static constexpr std::string_view kRoles[] = {"read", "operate", "approve", "alert"};
  std::set<std::string> names;
  for (const auto& item : *node) {
    YamlMap map(web.file(), item, "an api token");
    exporter::ApiTokenEntry token;
    if (map.require("name") && map.read("name", token.name) && !names.insert(token.name).second) {
      map.file().error(*map.get("name"), "duplicate api token name \"" + token.name + "\"");
    }
    if (auto hash = map.require("sha256")) {
      std::string hex;
      map.read("sha256", hex);
      if (!exporter::parseSha256Hex(hex, token.sha256)) {
        map.file().error(*hash,
                         "sha256 must be the 64 hex digits of the token's SHA-256 "
                         "(e.g. printf %s \"$TOKEN\" | sha256sum)");
      }
    }
    std::string role = "read";
    if (map.require("role")) readChoice(map, "role", role, kRoles);
    token.role = parseRole(role);
    map.finish();
    tokens.push_back(std::move(token));
  }
}

void readWeb(YamlMap& top, Config& config, const PathResolver& resolve) {
  auto node = top.get("web");
  if (!node) return;
  YamlMap map(top.file(), *node, "web");
  if (auto address = map.get("listen_address")) {
    if (auto text = yaml::asString(*address); !text) {
      map.file().error(*address, text.error().message);
    } else if (auto parsed = exporter::parseListenAddress(*text); !parsed) {
      map.file().error(*address, parsed.error());
    } else {
      config.web.listenAddress = *text;
    }
  }
  readApiTokens(map, config.apiTokens);
  std::string webConfigFile;
  if (map.read("config_file", webConfigFile) && !webConfigFile.empty()) {
    config.web.configFile = resolve(webConfigFile);
  }
  map.read("allow_insecure_api", config.web.allowInsecureApi);
  map.finish();
}

void readCollectorNames(YamlMap& map, std::string_view key, std::vector<std::string>& out) {
  auto node = map.get(key);
  if (!node) return;
  std::vector<std::string> names;
  if (!map.read(key, names)) return;
  std::vector<std::string_view> known;
  for (const auto& f : collectors::collectorRegistry()) known.push_back(f.name);
  std::size_t index = 0;
  for (const auto& name : names) {
    if (!collectors::isKnownCollector(name)) {
      std::string message = "unknown collector \"" + name + "\"";
      const std::string guess = yaml::closestMatch(name, known);
      message += guess.empty() ? " (known: " + joined(known) + ")"
                               : " (did you mean \"" + guess + "\"?)";
      map.file().error((*node)[index], message);
    }
    ++index;
  }
  out = std::move(names);
}

void readCollectors(YamlMap& top, collectors::Options& options, const PathResolver& resolve) {
  auto node = top.get("collectors");
  if (!node) return;
  YamlMap map(top.file(), *node, "collectors");
  if (map.read("interval", options.interval) && options.interval < std::chrono::seconds(1)) {
    map.file().error(*map.get("interval"), "interval must be at least 1s");
  }
  map.read("min_interval", options.minInterval);
  if (options.minInterval > options.interval) {
    if (auto at = map.get("min_interval")) {
      map.file().error(*at, "min_interval must not be longer than interval");
    }
  }
  if (auto paths = map.get("paths")) {
    YamlMap p(map.file(), *paths, "collectors.paths");
    readPath(p, "procfs", options.paths.procfs, resolve);
    readPath(p, "sysfs", options.paths.sysfs, resolve);
    readPath(p, "rootfs", options.paths.rootfs, resolve);
    p.finish();
  }
  readCollectorNames(map, "disabled", options.disabled);
  if (auto fs = map.get("filesystem")) {
    YamlMap f(map.file(), *fs, "collectors.filesystem");
    readRegex(f, "exclude_mount_points", options.filesystem.excludeMountPoints);
    readRegex(f, "exclude_fs_types", options.filesystem.excludeFsTypes);
    if (f.read("mount_timeout", options.filesystem.mountTimeout) &&
        options.filesystem.mountTimeout <= std::chrono::milliseconds(0)) {
      f.file().error(*f.get("mount_timeout"), "mount_timeout must be positive");
    }
    f.finish();
  }
  if (auto disk = map.get("diskstats")) {
    YamlMap d(map.file(), *disk, "collectors.diskstats");
    readRegex(d, "exclude_devices", options.diskstats.excludeDevices);
    d.finish();
  }
  if (auto net = map.get("netdev")) {
    YamlMap n(map.file(), *net, "collectors.netdev");
    readRegex(n, "exclude_devices", options.netdev.excludeDevices);
    n.finish();
  }
  if (auto services = map.get("services")) {
    YamlMap s(map.file(), *services, "collectors.services");
    s.read("include", options.services.include);
    s.read("exclude", options.services.exclude);
    s.finish();
  }
  map.finish();
}

// "12-29" -> {12, 29}
Expected<playbooks::MonthDay> parseMonthDay(const YAML::Node& node) {
  auto text = yaml::asString(node);
  if (!text) return std::unexpected(text.error());
  int month = 0;
  int day = 0;
  char dash = 0;
  char extra = 0;
  if (std::sscanf(text->c_str(), "%d%c%d%c", &month, &dash, &day, &extra) != 3 || dash != '-' ||
      month < 1 || month > 12 || day < 1 || day > 31) {
    return fail("expected a month and day such as \"12-29\", got " + yaml::describe(node));
  }
  return playbooks::MonthDay{month, day};
}

// year_end_closure: {from: "12-29", to: "01-03"}, or false for none.
void readYearEndClosure(YamlMap& map, playbooks::YearEndClosure& closure) {
  auto node = map.get("year_end_closure");
  if (!node) return;
  if (node->IsScalar()) {
    auto enabled = yaml::asBool(*node);
    if (!enabled || *enabled) {
      map.file().error(*node, "year_end_closure is {from: \"12-29\", to: \"01-03\"} or false");
      return;
    }
    closure.enabled = false;
    return;
  }
  YamlMap range(map.file(), *node, "year_end_closure");
  range.require("from");
  range.require("to");
  range.readWith("from", closure.from, parseMonthDay);
  range.readWith("to", closure.to, parseMonthDay);
  range.finish();
  closure.enabled = true;
}

// playbooks.allowed_paths: absolute folders, each error at its own entry.
void readAllowedPaths(YamlMap& map, std::vector<std::filesystem::path>& out) {
  auto node = map.get("allowed_paths");
  if (!node) return;
  if (!node->IsSequence()) {
    return map.file().error(*node, "allowed_paths must be a list of absolute folders, got " +
                                       yaml::describe(*node));
  }
  std::vector<std::filesystem::path> allowed;
  for (const auto& item : *node) {
    auto text = yaml::asString(item);
    if (!text) {
      map.file().error(item, text.error().message);
      continue;
    }
    auto normal = unyo::normalAbsolutePath(*text);
    if (!normal) {
      map.file().error(item, "allowed_paths: " + normal.error().message +
                                 " (write an absolute folder such as /var/log/app)");
    } else if (*normal == "/") {
      map.file().error(item, "allowed_paths: \"/\" would allow every folder; name the folders");
    } else {
      allowed.push_back(std::move(*normal));
    }
  }
  out = std::move(allowed);
}

void readPlaybooks(YamlMap& top, playbooks::Options& options, bool& playbookPathsConfigured,
                   const PathResolver& resolve) {
  auto node = top.get("playbooks");
  if (!node) return;
  YamlMap map(top.file(), *node, "playbooks");
  std::vector<std::string> paths;
  if (map.read("paths", paths)) {
    playbookPathsConfigured = true;
    options.paths.clear();
    for (const auto& p : paths) options.paths.push_back(resolve(p));
  }
  if (auto tz = map.get("timezone")) {
    std::string zone;
    if (map.read("timezone", zone)) {
      if (auto loaded = unyo::TimeZone::load(zone); !loaded) {
        map.file().error(*tz, loaded.error().message + " (an IANA name such as Asia/Tokyo)");
      } else {
        options.timezone = zone;
      }
    }
  }
  readPath(map, "holidays_file", options.holidaysFile, resolve);
  readYearEndClosure(map, options.yearEndClosure);
  if (auto holidays = map.get("holidays_file"); holidays && !options.holidaysFile.empty()) {
    // Read it now, so `unyo check` finds a bad line before the scheduler does.
    if (auto calendar = playbooks::BusinessCalendar::load(options.holidaysFile,
                                                          options.yearEndClosure);
        !calendar) {
      map.file().error(*holidays, calendar.error().toString());
    }
  }
  if (map.read("approval_ttl", options.approvalTtl) &&
      options.approvalTtl <= std::chrono::milliseconds(0)) {
    map.file().error(*map.get("approval_ttl"), "approval_ttl must be positive");
  }
  if (map.read("max_concurrent_runs", options.maxConcurrentRuns) &&
      options.maxConcurrentRuns < 1) {
    map.file().error(*map.get("max_concurrent_runs"), "max_concurrent_runs must be at least 1");
  }
  if (map.read("max_pending_runs", options.maxPendingRuns) && options.maxPendingRuns < 1) {
    map.file().error(*map.get("max_pending_runs"), "max_pending_runs must be at least 1");
  }
  readAllowedPaths(map, options.allowedPaths);
  if (auto vars = map.get("vars")) options.vars = playbooks::readVars(*vars, map.file());
  map.finish();
}

void readState(YamlMap& top, StateOptions& options, const PathResolver& resolve) {
  auto node = top.get("state");
  if (!node) return;
  YamlMap map(top.file(), *node, "state");
  readPath(map, "dir", options.dir, resolve);
  if (auto history = map.get("history")) {
    YamlMap h(map.file(), *history, "state.history");
    std::int64_t maxRuns = 0;
    if (h.read("max_runs", maxRuns)) {
      if (maxRuns < 1) {
        h.file().error(*h.get("max_runs"), "max_runs must be at least 1");
      } else {
        options.maxRuns = static_cast<std::size_t>(maxRuns);
      }
    }
    h.finish();
  }
  map.finish();
}

void readLabor(YamlMap& top, LaborOptions& options) {
  auto node = top.get("labor");
  if (!node) return;
  YamlMap map(top.file(), *node, "labor");
  if (auto rate = map.get("hourly_rate")) {
    YamlMap price(map.file(), *rate, "labor.hourly_rate");
    if (price.require("jpy") && price.read("jpy", options.hourlyRateJpy) &&
        options.hourlyRateJpy < 0) {
      price.file().error(*price.get("jpy"), "hourly_rate must not be negative");
    }
    price.finish();
  }
  map.read("hourly_rate_source", options.hourlyRateSource);
  map.read("count_manual_runs", options.countManualRuns);
  map.finish();
}

}  // namespace

std::expected<Config, Diagnostics> parseConfig(std::string_view text,
                                               const std::filesystem::path& fileName) {
  Diagnostics diagnostics;
  auto root = yaml::parseText(text, fileName.string());
  if (!root) {
    diagnostics.add(root.error());
    return std::unexpected(diagnostics);
  }
  Config config;
  config.file = fileName;
  const PathResolver resolve{std::filesystem::absolute(fileName).parent_path()};
  const YamlFile file{fileName.string(), diagnostics};
  YamlMap top(file, *root, "the config file");
  if (!top.isMapping() && diagnostics.empty()) {
    file.error(*root, "the config file is empty; it needs at least an identity section");
    return std::unexpected(diagnostics);
  }
  readIdentity(top, config.identity);
  readWeb(top, config, resolve);
  readCollectors(top, config.collectors, resolve);
  readPlaybooks(top, config.playbooks, config.playbookPathsConfigured, resolve);
  readState(top, config.state, resolve);
  readLabor(top, config.labor);
  readCost(top, config.cost);
  readRemoteWrite(top, config.remoteWrite, resolve.base);
  top.finish();
  if (!diagnostics.empty()) return std::unexpected(diagnostics);
  return config;
}

std::expected<std::vector<playbooks::Playbook>, Diagnostics> loadConfiguredPlaybooks(
    const Config& config) {
  std::vector<std::filesystem::path> paths;
  for (const auto& path : config.playbooks.paths) {
    std::error_code ec;
    if (!config.playbookPathsConfigured && !std::filesystem::exists(path, ec)) continue;
    paths.push_back(path);
  }
  // Root runs what a playbook says: a folder or file others could have
  // written is refused like an invalid one, with the fix.
  Diagnostics untrusted;
  const uid_t euid = ::geteuid();
  for (const auto& path : paths) {
    if (auto trusted = checkTrustedPath(path, euid); !trusted) untrusted.add(trusted.error());
  }
  if (!untrusted.empty()) return std::unexpected(untrusted);
  auto loaded = playbooks::loadPlaybooks(paths, &config.playbooks.vars);
  if (!loaded) return loaded;
  for (const auto& playbook : *loaded) {
    if (auto trusted = checkTrustedPath(playbook.file, euid); !trusted) {
      untrusted.add(trusted.error());
    }
  }
  if (!untrusted.empty()) return std::unexpected(untrusted);
  return loaded;
}

std::expected<Config, Diagnostics> loadConfig(const std::filesystem::path& path) {
  auto text = readFileText(path);
  if (!text) {
    Diagnostics diagnostics;
    diagnostics.add(Error(text.error().message));
    return std::unexpected(diagnostics);
  }
  // Root acts on what the config says: one others could write is refused.
  if (auto trusted = checkTrustedPath(path, ::geteuid()); !trusted) {
    Diagnostics diagnostics;
    diagnostics.add(trusted.error());
    return std::unexpected(diagnostics);
  }
  return parseConfig(*text, path);
}

Expected<void> checkApiExposure(const Config& config, bool tls) {
  if (config.apiTokens.empty() || tls || config.web.allowInsecureApi) return {};
  auto where = exporter::parseListenAddress(config.web.listenAddress);
  if (where && exporter::isLoopbackOnly(*where)) return {};
  return fail(config.file.string() + ": web.api_tokens are set and web.listen_address " +
              inQuotes(config.web.listenAddress) +
              " is reachable from the network, but TLS is off, so tokens would cross the "
              "network in clear text. Add tls_server_config to a web config file "
              "(web.config_file or --web.config.file), listen on 127.0.0.1 only, or set "
              "web.allow_insecure_api: true if the network is trusted end to end.");
}

}  // namespace unyo::agent
