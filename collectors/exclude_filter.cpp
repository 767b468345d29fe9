#include "collectors/exclude_filter.h"

namespace unyo::collectors {

Expected<ExcludeFilter> ExcludeFilter::compile(const std::string& pattern) {
  ExcludeFilter filter;
  if (pattern.empty()) return filter;
  try {
    filter.regex_.emplace(pattern, std::regex::ECMAScript | std::regex::optimize);
  } catch (const std::regex_error& e) {
    return fail("invalid regular expression \"" + pattern + "\": " + e.what());
  }
  return filter;
}

bool ExcludeFilter::excludes(std::string_view name) {
  if (!regex_) return false;
  if (const auto it = decisions_.find(name); it != decisions_.end()) return it->second;
  if (decisions_.size() >= kMaxCachedDecisions) decisions_.clear();
  const bool excluded = std::regex_search(name.begin(), name.end(), *regex_);
  decisions_.emplace(std::string(name), excluded);
  return excluded;
}

}  // namespace unyo::collectors
