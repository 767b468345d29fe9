#include "playbooks/parser/reference_rules.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <vector>

#include "base/did_you_mean.h"

namespace unyo::playbooks {
namespace {

template <std::size_t N>
bool oneOf(std::string_view value, const std::array<std::string_view, N>& allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

template <std::size_t N>
std::string listed(const std::array<std::string_view, N>& items) {
  return listNames(std::span<const std::string_view>(items));
}

template <std::size_t N>
std::string hint(std::string_view word, const std::array<std::string_view, N>& candidates) {
  return didYouMean(word, std::span<const std::string_view>(candidates));
}

std::string hint(std::string_view word, const std::set<std::string>& candidates) {
  const std::vector<std::string> names(candidates.begin(), candidates.end());
  return didYouMean(word, std::span<const std::string>(names));
}

constexpr std::array<std::string_view, 9> kRoots = {
    "params", "vars", "steps", "item", "loop", "run", "playbook", "identity", "trigger"};
constexpr std::array<std::string_view, 10> kStepFields = {
    "output", "failed", "changed", "ok", "skipped", "status", "error", "attempts", "summary",
    "results"};
constexpr std::array<std::string_view, 5> kLoopFields = {"index", "index0", "length", "first",
                                                         "last"};
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

// A fixed set of fields under `root`: run.id, playbook.name, ...
template <std::size_t N>
std::optional<std::string> checkFixed(const Reference& ref, std::string_view root,
                                      const std::array<std::string_view, N>& fields,
                                      bool allowsDeeper = false) {
  const std::string& field = ref.path[1];
  if (!oneOf(field, fields)) {
    const std::string guess = hint(field, fields);
    return "\"" + ref.dotted() + "\": " + std::string(root) + " has " + listed(fields) + guess;
  }
  return checkLeaf(ref, root, field, allowsDeeper);
}

// vars.NAME[.FIELD...], walked through the vars' values: they are data, so
// every name along the way is known when the playbook loads.
std::optional<std::string> checkVar(const Reference& ref, const ReferenceRules& rules) {
  const std::string dotted = "\"" + ref.dotted() + "\"";
  if (rules.vars == nullptr) return dotted + ": vars are not available here";
  const Value* current = rules.vars->find(ref.path[1]);
  if (current == nullptr) {
    std::vector<std::string> names;
    if (rules.vars->isMap()) {
      for (const auto& [name, value] : rules.vars->asMap()) names.push_back(name);
    }
    const std::string guess = didYouMean(ref.path[1], std::span<const std::string>(names));
    // Without the config, a name may be one of its vars; one a letter away
    // from the playbook's own is still most likely a typo.
    if (!rules.allVarsKnown && guess.empty()) return std::nullopt;
    return "unknown var " + dotted +
           (rules.allVarsKnown ? " (not in the playbook's vars nor the config's playbooks.vars)"
                               : "") +
           guess;
  }
  std::string parent = "vars." + ref.path[1];
  for (std::size_t i = 2; i < ref.path.size(); ++i) {
    if (!current->isMap()) {
      return dotted + ": " + parent + " is " + (current->isList() ? "a list" : "not a mapping") +
             " and has no fields" + (current->isList() ? " (loop over it with loop:)" : "");
    }
    const Value* next = current->find(ref.path[i]);
    if (next == nullptr) {
      std::vector<std::string> keys;
      for (const auto& [key, value] : current->asMap()) keys.push_back(key);
      return dotted + ": " + parent + " has no " + inQuotes(ref.path[i]) +
             didYouMean(ref.path[i], std::span<const std::string>(keys));
    }
    current = next;
    parent += "." + ref.path[i];
  }
  return std::nullopt;
}

std::optional<std::string> checkStep(const Reference& ref, const ReferenceRules& rules) {
  const std::string dotted = "\"" + ref.dotted() + "\"";
  const std::string& id = ref.path[1];
  if (!rules.stepsAllowed) return dotted + ": steps are not available here";
  if (!rules.earlierSteps.contains(id)) {
    return dotted + " refers to step \"" + id + "\", which does not run before this point" +
           hint(id, rules.earlierSteps);
  }
  if (ref.path.size() == 2) return std::nullopt;
  const std::string& field = ref.path[2];
  if (!oneOf(field, kStepFields)) {
    const std::string guess = hint(field, kStepFields);
    return dotted + ": a step has no field \"" + field + "\"" +
           (!guess.empty() ? guess : " (" + listed(kStepFields) + ")");
  }
  if (field == "results" && !rules.loopSteps.contains(id)) {
    return dotted + ": step \"" + id + "\" has no loop:, so no results (read steps." + id +
           ".output)";
  }
  if (field == "results" && ref.path.size() > 3) {
    return dotted + ": steps." + id + ".results is a list, one entry per item; loop over it " +
           "(loop: \"{{ steps." + id + ".results }}\") to read item.output.NAME";
  }
  if (field != "output" && ref.path.size() > 3) {
    return dotted + ": steps." + id + "." + field + " has no fields";
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> checkReference(const Reference& ref, const ReferenceRules& rules) {
  const std::string& root = ref.path.front();
  const std::string dotted = "\"" + ref.dotted() + "\"";
  if ((root == "item" || root == "loop") && !rules.inLoop) {
    return dotted + ": " + root + " is only available in a step with loop:";
  }
  if (root == "item") return std::nullopt;  // the item may be any value
  if (ref.path.size() < 2) {
    return dotted + " names no field (e.g. params.days, steps.purge.output)";
  }
  const std::string& second = ref.path[1];
  if (root == "params") {
    if (!rules.params.contains(second)) {
      return "unknown param " + dotted + " (not declared in params)" + hint(second, rules.params);
    }
    return checkLeaf(ref, root, second, false);
  }
  if (root == "vars") return checkVar(ref, rules);
  if (root == "steps") return checkStep(ref, rules);
  if (root == "loop") return checkFixed(ref, root, kLoopFields);
  if (root == "run") return checkFixed(ref, root, kRunFields);
  if (root == "playbook") return checkFixed(ref, root, kPlaybookFields);
  if (root == "identity") return checkFixed(ref, root, kIdentityFields);
  if (root == "trigger") {
    return checkFixed(ref, root, kTriggerFields, second == "labels" || second == "alert");
  }
  const std::string guess = hint(root, kRoots);
  return "unknown reference " + dotted +
         (!guess.empty() ? guess : " (references start with " + listed(kRoots) + ")");
}

}  // namespace unyo::playbooks
