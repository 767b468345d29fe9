#include "playbooks/parser/reference_rules.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace unyo::playbooks {
namespace {

template <std::size_t N>
bool oneOf(std::string_view value, const std::array<std::string_view, N>& allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

template <std::size_t N>
std::string listed(const std::array<std::string_view, N>& items) {
  std::string out;
  for (auto item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

constexpr std::array<std::string_view, 9> kStepFields = {
    "output", "failed", "changed", "ok", "skipped", "status", "error", "attempts", "summary"};
constexpr std::array<std::string_view, 5> kRunFields = {"id", "error", "trigger", "dry_run",
                                                        "started_at"};
constexpr std::array<std::string_view, 2> kPlaybookFields = {"name", "description"};
constexpr std::array<std::string_view, 5> kIdentityFields = {"lg_code", "system", "environment",
                                                             "vendor", "csp"};
constexpr std::array<std::string_view, 4> kTriggerFields = {"type", "scheduled_at", "labels",
                                                            "alert"};

std::optional<std::string> checkLeaf(const Reference& ref, std::string_view root,
                                     std::string_view field, bool allowsDeeper) {
  if (ref.path.size() > 2 && !allowsDeeper) {
    return "\"" + ref.dotted() + "\": " + std::string(root) + "." + std::string(field) +
           " has no fields";
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> checkReference(const Reference& ref, const ReferenceRules& rules) {
  const std::string& root = ref.path.front();
  const std::string dotted = "\"" + ref.dotted() + "\"";
  if (ref.path.size() < 2) {
    return dotted + " names no field (e.g. params.days, steps.purge.output)";
  }
  const std::string& second = ref.path[1];
  if (root == "params") {
    if (!rules.params.contains(second)) return "unknown param " + dotted + " (not declared in params)";
    return checkLeaf(ref, root, second, false);
  }
  if (root == "steps") {
    if (!rules.stepsAllowed) return dotted + ": steps are not available here";
    if (!rules.earlierSteps.contains(second)) {
      return dotted + " refers to step \"" + second + "\", which does not run before this point";
    }
    if (ref.path.size() == 2) return std::nullopt;
    const std::string& field = ref.path[2];
    if (!oneOf(field, kStepFields)) {
      return dotted + ": a step has no field \"" + field + "\" (" + listed(kStepFields) + ")";
    }
    if (field != "output" && ref.path.size() > 3) return dotted + ": steps." + second + "." + field + " has no fields";
    return std::nullopt;
  }
  if (root == "run") {
    if (!oneOf(second, kRunFields)) return dotted + ": run has " + listed(kRunFields);
    return checkLeaf(ref, root, second, false);
  }
  if (root == "playbook") {
    if (!oneOf(second, kPlaybookFields)) return dotted + ": playbook has " + listed(kPlaybookFields);
    return checkLeaf(ref, root, second, false);
  }
  if (root == "identity") {
    if (!oneOf(second, kIdentityFields)) return dotted + ": identity has " + listed(kIdentityFields);
    return checkLeaf(ref, root, second, false);
  }
  if (root == "trigger") {
    if (!oneOf(second, kTriggerFields)) return dotted + ": trigger has " + listed(kTriggerFields);
    return checkLeaf(ref, root, second, second == "labels" || second == "alert");
  }
  return "unknown reference " + dotted +
         " (references start with params, steps, run, playbook, identity or trigger)";
}

}  // namespace unyo::playbooks
