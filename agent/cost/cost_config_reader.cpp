#include "agent/cost/cost_config_reader.h"

#include <filesystem>
#include <map>
#include <set>
#include <utility>

namespace unyo::agent {
namespace {

using yaml::YamlFile;
using yaml::YamlMap;

constexpr std::string_view kCurrencies[] = {"usd", "jpy"};

// Linux's rule for interface names (dev_valid_name): 1-15 bytes, not "." or
// "..", no '/', ':' or whitespace.
bool isInterfaceName(std::string_view name) {
  if (name.empty() || name.size() > 15 || name == "." || name == "..") return false;
  for (char c : name) {
    if (c == '/' || c == ':' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
        c == '\f') {
      return false;
    }
  }
  return true;
}

// "/data/" and "/data/." are the mount point "/data".
std::string normalMountpoint(const std::string& text) {
  std::string out = std::filesystem::path(text).lexically_normal().string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

// Reads the section's parts. Remembers the first price in USD, so a missing
// exchange rate is reported once, where it first matters.
class CostReader {
 public:
  explicit CostReader(const YamlFile& file) : file_(file) {}

  bool readFx(YamlMap& cost, CostOptions& options);
  void readCompute(YamlMap& cost, CostOptions& options);
  void readStorage(YamlMap& cost, CostOptions& options);
  void readNetwork(YamlMap& cost, CostOptions& options);
  void readFixed(YamlMap& cost, CostOptions& options);
  void readBaseline(YamlMap& cost, CostOptions& options);

  // After every read: a USD price with no `fx.usd_jpy` written.
  void checkUsdHasRate(bool rateGiven) const;

 private:
  // `{usd: N}` or `{jpy: N}`; `name` ("cost.compute.price_per_hour") is
  // what the messages call it.
  std::optional<Price> price(const YAML::Node& node, const std::string& name);
  void requiredPrice(YamlMap& map, std::string_view key, const std::string& name, Price& out);
  // A list under `key`, or an error naming what it should list.
  std::optional<YAML::Node> list(YamlMap& cost, std::string_view key, std::string_view items);

  const YamlFile& file_;
  std::optional<YAML::Node> firstUsd_;
  std::string firstUsdName_;
};

std::optional<Price> CostReader::price(const YAML::Node& node, const std::string& name) {
  if (!node.IsMap() && !node.IsNull()) {
    file_.error(node, name + " must be a price such as {usd: 0.1} or {jpy: 15}, got " +
                          yaml::describe(node));
    return std::nullopt;
  }
  YamlMap map(file_, node, name);  // reports duplicate keys
  const auto usd = map.get("usd");
  const auto jpy = map.get("jpy");
  bool otherKeys = false;
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (!it->first.IsScalar()) continue;  // reported by YamlMap
    const std::string& key = it->first.Scalar();
    if (key == "usd" || key == "jpy") continue;
    otherKeys = true;
    const std::string guess = yaml::closestMatch(key, kCurrencies);
    file_.error(it->first,
                "unknown currency \"" + key + "\" in " + name +
                    (guess.empty() ? " (usd or jpy)" : " (did you mean \"" + guess + "\"?)"));
  }
  if (usd && jpy) {
    file_.error(node, name + " needs exactly one of usd or jpy, not both");
    return std::nullopt;
  }
  if (!usd && !jpy) {
    if (!otherKeys) file_.error(node, name + " needs exactly one of usd or jpy");
    return std::nullopt;
  }
  const YAML::Node& valueNode = usd ? *usd : *jpy;
  auto amount = yaml::asDouble(valueNode);
  if (!amount) {
    file_.error(valueNode, name + " must be a number, got " + yaml::describe(valueNode));
    return std::nullopt;
  }
  if (*amount < 0) {
    file_.error(valueNode, name + " must not be negative");
    return std::nullopt;
  }
  if (otherKeys) return std::nullopt;
  if (usd) {
    const auto mark = usd->Mark();
    if (!firstUsd_ || std::pair(mark.line, mark.column) <
                          std::pair(firstUsd_->Mark().line, firstUsd_->Mark().column)) {
      firstUsd_ = *usd;
      firstUsdName_ = name;
    }
  }
  return Price{*amount, usd ? Currency::usd : Currency::jpy};
}

void CostReader::requiredPrice(YamlMap& map, std::string_view key, const std::string& name,
                               Price& out) {
  auto node = map.require(key);
  if (!node) return;
  if (auto parsed = price(*node, name)) out = *parsed;
}

std::optional<YAML::Node> CostReader::list(YamlMap& cost, std::string_view key,
                                           std::string_view items) {
  auto node = cost.get(key);
  if (!node) return std::nullopt;
  if (!node->IsSequence()) {
    file_.error(*node, "expected a list of " + std::string(items) + " for cost." +
                           std::string(key) + ", got " + yaml::describe(*node));
    return std::nullopt;
  }
  return node;
}

// Returns whether the rate was written (so a USD price needs no more words).
bool CostReader::readFx(YamlMap& cost, CostOptions& options) {
  auto node = cost.get("fx");
  if (!node) return false;
  YamlMap map(file_, *node, "cost.fx");
  const auto rate = map.get("usd_jpy");
  if (map.read("usd_jpy", options.usdJpy) && options.usdJpy <= 0) {
    file_.error(*rate, "usd_jpy must be positive (yen per US dollar, e.g. 150)");
  }
  map.finish();
  // `fx: 150` was reported as not a mapping; do not add "needs cost.fx".
  return rate || (!map.isMapping() && !node->IsNull());
}

void CostReader::readCompute(YamlMap& cost, CostOptions& options) {
  auto node = cost.get("compute");
  if (!node) return;
  YamlMap map(file_, *node, "cost.compute");
  CostOptions::Compute compute;
  map.read("instance_type", compute.instanceType);
  requiredPrice(map, "price_per_hour", "cost.compute.price_per_hour", compute.pricePerHour);
  if (map.read("vcpus", compute.vcpus) && compute.vcpus < 1) {
    file_.error(*map.get("vcpus"), "vcpus must be at least 1");
  }
  map.finish();
  options.compute = std::move(compute);
}

void CostReader::readStorage(YamlMap& cost, CostOptions& options) {
  auto node = list(cost, "storage", "volumes");
  if (!node) return;
  std::map<std::string, int> firstLine;
  for (const auto& item : *node) {
    YamlMap map(file_, item, "a cost.storage volume");
    CostOptions::Storage volume;
    if (auto at = map.require("mountpoint"); at && map.read("mountpoint", volume.mountpoint)) {
      if (!std::filesystem::path(volume.mountpoint).is_absolute()) {
        file_.error(*at, "mountpoint must be an absolute path, got " + yaml::describe(*at));
      } else {
        volume.mountpoint = normalMountpoint(volume.mountpoint);
        auto [first, inserted] = firstLine.emplace(volume.mountpoint, at->Mark().line + 1);
        if (!inserted) {
          file_.error(*at, "duplicate mountpoint \"" + volume.mountpoint + "\" (first on line " +
                               std::to_string(first->second) + ")");
        }
      }
    }
    requiredPrice(map, "price_per_gb_month", "cost.storage.price_per_gb_month",
                  volume.pricePerGbMonth);
    std::uint64_t size = 0;
    if (map.readWith("size", size, yaml::asByteSize)) {
      if (size == 0) {
        file_.error(*map.get("size"),
                    "size must be more than 0 (leave it out to use the "
                    "filesystem's size)");
      } else {
        volume.sizeBytes = size;
      }
    }
    map.finish();
    options.storage.push_back(std::move(volume));
  }
}

void CostReader::readNetwork(YamlMap& cost, CostOptions& options) {
  auto node = cost.get("network");
  if (!node) return;
  YamlMap map(file_, *node, "cost.network");
  CostOptions::Network network;
  if (auto names = map.require("interfaces"); names && map.read("interfaces", network.interfaces)) {
    if (network.interfaces.empty()) {
      file_.error(*names, "interfaces must name at least one network interface, e.g. [eth0]");
    }
    std::set<std::string> seen;
    std::size_t index = 0;
    for (const auto& item : *names) {
      const std::string& name = network.interfaces[index++];
      if (!isInterfaceName(name)) {
        file_.error(item, "\"" + name +
                              "\" is not a network interface name (1 to 15 "
                              "characters, no \"/\", \":\" or spaces)");
      } else if (!seen.insert(name).second) {
        file_.error(item, "duplicate interface \"" + name + "\" (its egress would count twice)");
      }
    }
  }
  requiredPrice(map, "egress_price_per_gb", "cost.network.egress_price_per_gb",
                network.egressPricePerGb);
  map.finish();
  options.network = std::move(network);
}

void CostReader::readFixed(YamlMap& cost, CostOptions& options) {
  auto node = list(cost, "fixed", "fees");
  if (!node) return;
  std::map<std::string, int> firstLine;
  for (const auto& item : *node) {
    YamlMap map(file_, item, "a cost.fixed fee");
    CostOptions::Fixed fee;
    if (auto at = map.require("name"); at && map.read("name", fee.name)) {
      if (fee.name.empty()) {
        file_.error(*at, "name must not be empty");
      } else if (auto [first, inserted] = firstLine.emplace(fee.name, at->Mark().line + 1);
                 !inserted) {
        file_.error(*at, "duplicate fixed fee name \"" + fee.name + "\" (first on line " +
                             std::to_string(first->second) + ")");
      }
    }
    requiredPrice(map, "price_per_month", "cost.fixed.price_per_month", fee.pricePerMonth);
    map.finish();
    options.fixed.push_back(std::move(fee));
  }
}

void CostReader::readBaseline(YamlMap& cost, CostOptions& options) {
  auto node = cost.get("baseline");
  if (!node) return;
  YamlMap map(file_, *node, "cost.baseline");
  CostOptions::Baseline baseline;
  map.read("source", baseline.source);
  const auto monthly = map.get("monthly");
  const auto byComponent = map.get("by_component");
  if (monthly && byComponent) {
    const bool monthlyLast = std::pair(monthly->Mark().line, monthly->Mark().column) >
                             std::pair(byComponent->Mark().line, byComponent->Mark().column);
    file_.error(monthlyLast ? *monthly : *byComponent,
                "cost.baseline takes monthly or by_component, not both");
  } else if (!monthly && !byComponent && (map.isMapping() || node->IsNull())) {
    file_.error(*node,
                "cost.baseline needs monthly (a price) or by_component (a price per "
                "component)");
  }
  if (monthly) baseline.monthly = price(*monthly, "cost.baseline.monthly");
  if (byComponent) {
    YamlMap parts(file_, *byComponent, "cost.baseline.by_component");
    for (const std::string component : kCostComponents) {
      auto at = parts.get(component);
      if (!at) continue;
      if (auto parsed = price(*at, "cost.baseline.by_component." + component)) {
        baseline.byComponent[component] = *parsed;
      }
    }
    parts.finish();
    if ((parts.isMapping() || byComponent->IsNull()) && byComponent->size() == 0) {
      file_.error(*byComponent,
                  "cost.baseline.by_component needs at least one of compute, "
                  "storage, network or fixed");
    }
  }
  map.finish();
  options.baseline = std::move(baseline);
}

void CostReader::checkUsdHasRate(bool rateGiven) const {
  if (!firstUsd_ || rateGiven) return;
  file_.error(*firstUsd_, firstUsdName_ +
                              " is in USD and needs cost.fx.usd_jpy, the accounting exchange "
                              "rate (e.g. fx: {usd_jpy: 150})");
}

}  // namespace

void readCost(YamlMap& top, CostOptions& options) {
  auto node = top.get("cost");
  if (!node) return;
  options.configured = true;
  YamlMap cost(top.file(), *node, "cost");
  CostReader reader(top.file());
  const bool rateGiven = reader.readFx(cost, options);
  reader.readCompute(cost, options);
  reader.readStorage(cost, options);
  reader.readNetwork(cost, options);
  reader.readFixed(cost, options);
  reader.readBaseline(cost, options);
  cost.read("flush_interval", options.flushInterval);
  cost.finish();
  reader.checkUsdHasRate(rateGiven);
}

}  // namespace unyo::agent
