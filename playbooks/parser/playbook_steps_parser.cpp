// steps and on_failure: ids, actions, `when:`, `loop:`, retries, timeouts;
// references checked against params, vars and the steps that run earlier
// (`with:` has a file of its own: step_with_parser.cpp). A mistake in one
// part of a step does not hide the others: every one is reported in the
// same pass.

#include <set>

#include "base/did_you_mean.h"
#include "playbooks/actions/action.h"
#include "playbooks/parser/playbook_parse_context.h"
#include "playbooks/playbook.h"

namespace unyo::playbooks {
namespace {

using yaml::YamlMap;

bool isStepId(std::string_view id) {
  return !id.empty() && id.size() <= 63 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

std::optional<Expression> readWhen(const YAML::Node& node, const ParseContext& context,
                                   const ReferenceRules& rules) {
  auto text = yaml::asString(node);
  if (!text) {
    context.error(node, "when: " + text.error().message);
    return std::nullopt;
  }
  auto expression = Expression::parse(*text);
  if (!expression) {
    context.errorAt(node, expression.error().offset, "when: " + expression.error().message);
    return std::nullopt;
  }
  context.checkReferences(node, expression->references(), rules);
  return std::move(*expression);
}

// What a lone {{ reference }} in `loop:` is known to hold when the playbook
// loads: a param (never a list) or a var (its value). Null: known only at
// run time (a step's output, a var of the config not read here).
std::optional<std::string> knownLoopProblem(const Reference& reference,
                                            const ReferenceRules& rules) {
  const std::string& root = reference.path.front();
  if (root == "params") return "params hold single values, not lists";
  if (root != "vars" || rules.vars == nullptr) return std::nullopt;
  Value scope = Value::map();
  scope.set("vars", *rules.vars);
  auto value = resolveReference(reference, scope);
  if (!value) return std::nullopt;  // reported by the reference check
  if (!(*value)->isList()) {
    const std::string held = (*value)->isMap() ? "a mapping"
                                               : inQuotes((*value)->toText().substr(0, 60));
    return inQuotes(reference.dotted()) + " holds " + held + ", not a list";
  }
  if ((*value)->asList().size() > kMaxLoopItems) {
    return inQuotes(reference.dotted()) + " has " + std::to_string((*value)->asList().size()) +
           " items; a step loops over at most " + std::to_string(kMaxLoopItems);
  }
  return std::nullopt;
}

// `loop:` a list as written (its items may hold templates) or a lone
// {{ reference }} that yields a list when the step runs.
std::optional<WithNode> readLoop(const YAML::Node& node, const ParseContext& context,
                                 const ReferenceRules& rules) {
  const std::string usage =
      "loop must be a list ([/var/log/a, /var/log/b]) or a lone {{ reference }} to one "
      "(\"{{ vars.dirs }}\")";
  if (node.IsSequence()) {
    if (node.size() > kMaxLoopItems) {
      context.error(node, "loop has " + std::to_string(node.size()) +
                              " items; a step loops over at most " +
                              std::to_string(kMaxLoopItems));
      return std::nullopt;
    }
    return readWithNode(node, context, rules);
  }
  if (!node.IsScalar() || !hasTemplate(node)) {
    context.error(node, usage + ", got " + yaml::describe(node));
    return std::nullopt;
  }
  auto parsed = context.templateAt(node, rules);
  if (!parsed) return std::nullopt;
  if (!parsed->isSingleReference()) {
    context.error(node, usage + "; " + inQuotes(node.Scalar()) + " is text, not a list");
    return std::nullopt;
  }
  if (auto problem = knownLoopProblem(parsed->references().front(), rules)) {
    context.errorAt(node, parsed->references().front().offset, "loop: " + *problem);
    return std::nullopt;
  }
  WithNode loop;
  loop.where = context.file().at(node);
  loop.data = std::move(*parsed);
  return loop;
}

std::optional<Step> readStep(const YAML::Node& node, const ParseContext& context,
                             const ReferenceRules& earlier, std::set<std::string>& ids) {
  YamlMap map(context.file(), node, "a step");
  if (!map.isMapping()) return std::nullopt;
  Step step;
  step.where = context.file().at(node);
  // The loop's own references see what the step sees, but not item and
  // loop.*, which exist only once it yields items.
  if (auto loop = map.get("loop")) step.loop = readLoop(*loop, context, earlier);
  ReferenceRules rules = earlier;
  rules.inLoop = map.get("loop").has_value();
  if (auto id = map.require("id")) {
    if (map.read("id", step.id)) {
      if (!isStepId(step.id)) {
        context.error(*id, "step id \"" + step.id + "\" must be lower case letters, digits, - and _");
      } else if (!ids.insert(step.id).second) {
        context.error(*id, "duplicate step id \"" + step.id + "\"");
      }
    }
  }
  map.read("name", step.name);
  const ActionDescriptor* action = nullptr;
  if (auto actionNode = map.require("action")) {
    if (map.read("action", step.action)) {
      action = findAction(step.action);
      if (action == nullptr) {
        std::vector<std::string_view> names;
        for (const auto& a : actionRegistry()) names.push_back(a.name);
        // The guess first, then every action: a newcomer learns what exists.
        context.error(*actionNode, "unknown action " + inQuotes(step.action) +
                                       didYouMean(step.action, names) +
                                       "; the actions are " + listNames(names));
      }
    }
  }
  const auto with = map.get("with");
  if (action != nullptr) {
    step.with = readStepWith(with ? &*with : nullptr, node, *action, context, rules);
  } else if (with && with->IsMap()) {
    // Without a known action the keys cannot be checked, but the templates
    // in them can: their mistakes should not wait for the action's fix.
    step.with = readWithNode(*with, context, rules);
  }
  if (auto when = map.get("when")) step.when = readWhen(*when, context, rules);
  if (map.read("retries", step.retries) && (step.retries < 0 || step.retries > 100)) {
    context.error(*map.get("retries"), "retries must be between 0 and 100");
  }
  map.read("retry_delay", step.retryDelay);
  std::chrono::milliseconds timeout{};
  if (map.read("timeout", timeout)) {
    if (timeout <= std::chrono::milliseconds(0)) {
      context.error(*map.get("timeout"), "timeout must be positive");
    } else {
      step.timeout = timeout;
    }
  }
  if (auto onFailure = map.get("on_failure")) {
    auto text = yaml::asString(*onFailure);
    if (text && *text == "abort") {
      step.onFailure = OnFailure::abort;
    } else if (text && *text == "continue") {
      step.onFailure = OnFailure::continueRun;
    } else {
      context.error(*onFailure, "on_failure must be abort or continue, got " +
                                    yaml::describe(*onFailure));
    }
  }
  map.finish();
  return step;
}

std::vector<Step> readStepList(const YAML::Node& node, std::string_view what,
                               const ParseContext& context, ReferenceRules& rules,
                               std::set<std::string>& ids) {
  std::vector<Step> steps;
  if (!node.IsSequence()) {
    context.error(node, std::string(what) + " must be a list of steps, got " + yaml::describe(node));
    return steps;
  }
  for (const auto& item : node) {
    auto step = readStep(item, context, rules, ids);
    if (!step) continue;
    if (!step->id.empty()) {
      rules.earlierSteps.insert(step->id);  // visible to the steps after it
      if (item.IsMap() && item["loop"]) rules.loopSteps.insert(step->id);
    }
    steps.push_back(std::move(*step));
  }
  return steps;
}

}  // namespace

void readSteps(YamlMap& top, const ParseContext& context, Playbook& playbook) {
  ReferenceRules rules;
  for (const auto& p : playbook.params) rules.params.insert(p.name);
  rules.vars = &playbook.vars;
  rules.allVarsKnown = context.allVarsKnown();
  std::set<std::string> ids;
  if (auto steps = top.require("steps")) {
    playbook.steps = readStepList(*steps, "steps", context, rules, ids);
    if (steps->IsSequence() && steps->size() == 0) {
      context.error(*steps, "a playbook needs at least one step");
    }
  }
  // on_failure steps may read every main step (whichever ran) and the
  // on_failure steps before them.
  if (auto onFailure = top.get("on_failure")) {
    playbook.onFailure = readStepList(*onFailure, "on_failure", context, rules, ids);
  }
}

}  // namespace unyo::playbooks
