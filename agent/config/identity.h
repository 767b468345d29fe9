#pragma once

// Who this agent is: the municipality (全国地方公共団体コード), the business
// system, the environment. Becomes unyo_agent_info's labels.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/metric_family.h"

namespace unyo::agent {

struct Identity {
  std::string lgCode;
  std::string system;
  std::string environment = "production";
  std::string vendor;
  std::string csp;
  // The `instance` label of pushed samples; empty: the host name.
  std::string instance;
  // Residents, for yen per resident across municipalities; 0: not given.
  std::int64_t population = 0;
  std::string municipalityName;  // 千代田区: for people reading a fleet's tables
};

// The prefecture code: the first two digits of the organisation code.
inline std::string prefectureOf(const std::string& lgCode) { return lgCode.substr(0, 2); }

// The labels every pushed sample carries (docs/config.md, remote_write):
// job, instance (identity.instance or `hostName`), lg_code, prefecture,
// system, environment, vendor, csp. Empty values are left out.
Labels pushedIdentityLabels(const Identity& identity, const std::string& hostName);

// The standardized business areas' ids with their Japanese and English names (docs/config.md,
// identity.system).
struct BusinessSystem {
  std::string_view id;
  std::string_view nameJa;
  std::string_view nameEn;
};
std::span<const BusinessSystem> businessSystems();
const BusinessSystem* findBusinessSystem(std::string_view id);

inline constexpr std::string_view kEnvironments[] = {"production", "staging", "development"};
inline constexpr std::string_view kCloudProviders[] = {"aws", "azure",  "gcp",
                                                       "oci", "sakura", "onprem"};

// The check digit of a 5-digit organisation code: weights 6,5,4,3,2,
// r = sum % 11, cd = (11 - r) % 10.
int lgCodeCheckDigit(std::string_view firstFiveDigits);

// Why `code` is not a valid 全国地方公共団体コード, or nullopt when it is.
std::optional<std::string> lgCodeProblem(std::string_view code);

}  // namespace unyo::agent
