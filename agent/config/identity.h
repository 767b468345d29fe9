#pragma once

// Who this agent is: the municipality (全国地方公共団体コード), the business
// system, the environment. Becomes unyo_agent_info's labels.

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace unyo::agent {

struct Identity {
  std::string lgCode;
  std::string system;
  std::string environment = "production";
  std::string vendor;
  std::string csp;
};

// The standardized business areas' ids with their Japanese and English names (docs/config.md, identity.system).
struct BusinessSystem {
  std::string_view id;
  std::string_view nameJa;
  std::string_view nameEn;
};
std::span<const BusinessSystem> businessSystems();
const BusinessSystem* findBusinessSystem(std::string_view id);

inline constexpr std::string_view kEnvironments[] = {"production", "staging", "development"};
inline constexpr std::string_view kCloudProviders[] = {"aws",  "azure",  "gcp",
                                                       "oci",  "sakura", "onprem"};

// The check digit of a 5-digit organisation code: weights 6,5,4,3,2,
// r = sum % 11, cd = (11 - r) % 10.
int lgCodeCheckDigit(std::string_view firstFiveDigits);

// Why `code` is not a valid 全国地方公共団体コード, or nullopt when it is.
std::optional<std::string> lgCodeProblem(std::string_view code);

}  // namespace unyo::agent
