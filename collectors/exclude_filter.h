#pragma once

// An exclude pattern for device, interface, mount point or filesystem type
// names (node_exporter's --collector.*-exclude flags). The regex is compiled
// once and each name's decision is cached: std::regex is slow and the same
// few names come back every scrape.

#include <cstddef>
#include <functional>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/error.h"

namespace unyo::collectors {

class ExcludeFilter {
 public:
  // Excludes nothing.
  ExcludeFilter() = default;

  // ECMAScript syntax, searched anywhere in the name like Go's MatchString:
  // node_exporter's default patterns mean the same in both. An empty
  // pattern excludes nothing.
  static Expected<ExcludeFilter> compile(const std::string& pattern);

  bool excludes(std::string_view name);

 private:
  // Bounds the cache on hosts where names churn (container veths, mounts).
  static constexpr std::size_t kMaxCachedDecisions = 4096;

  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  std::optional<std::regex> regex_;
  std::unordered_map<std::string, bool, NameHash, std::equal_to<>> decisions_;
};

}  // namespace unyo::collectors
