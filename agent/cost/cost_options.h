#pragma once

// The `cost:` section of the config: unit prices (each in USD or yen), the
// accounting exchange rate, and the baseline estimate to compare against.
// Plain data; the accountant turns it into yen per hour.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace unyo::agent {

enum class Currency { usd, jpy };

// `{usd: 0.248}` or `{jpy: 120000}`.
struct Price {
  double amount = 0;
  Currency currency = Currency::jpy;

  // In yen at the accounting rate (`usdJpy` is ignored for yen prices).
  double yen(double usdJpy) const { return currency == Currency::usd ? amount * usdJpy : amount; }
};

// Cost components, in the order reports and metrics list them.
inline constexpr const char* kCostComponents[] = {"compute", "storage", "network", "fixed"};

struct CostOptions {
  // No `cost:` section: no cost metrics, no ledger cost lines (labor is
  // still recorded).
  bool configured = false;
  double usdJpy = 0;  // required (> 0) when any price is in USD

  struct Compute {
    std::string instanceType;
    Price pricePerHour;
    int vcpus = 0;  // 0: the host's CPU count
  };
  std::optional<Compute> compute;

  struct Storage {
    std::string mountpoint;
    Price pricePerGbMonth;  // GB as the clouds bill it: 2^30 bytes
    std::optional<std::uint64_t> sizeBytes;  // none: the filesystem's size
  };
  std::vector<Storage> storage;

  struct Network {
    std::vector<std::string> interfaces;
    Price egressPricePerGb;  // per 2^30 bytes transmitted
  };
  std::optional<Network> network;

  struct Fixed {
    std::string name;
    Price pricePerMonth;
  };
  std::vector<Fixed> fixed;

  struct Baseline {
    std::string source;            // free text: "vendor estimate 2025-04"
    std::optional<Price> monthly;  // the whole monthly amount ...
    std::map<std::string, Price> byComponent;  // ... or per component (keys from kCostComponents)
  };
  std::optional<Baseline> baseline;

  // How often accrued cost is appended to the ledger. A crash loses nothing:
  // on restart the gap since the last line is accrued by the gap rule.
  std::chrono::milliseconds flushInterval{std::chrono::minutes(5)};
};

// Hours in the month the clouds price by (365 * 24 / 12).
inline constexpr double kHoursPerMonth = 730;

}  // namespace unyo::agent
