// steps and on_failure: ids, actions, `with:` checked against the action's
// keys, templates and `when:` checked for references to params and to steps
// that run earlier.

#include <set>

#include "base/duration.h"
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

std::string kindName(ParamKind kind) {
  switch (kind) {
    case ParamKind::string: return "a string";
    case ParamKind::integer: return "an integer";
    case ParamKind::number: return "a number";
    case ParamKind::boolean: return "true or false";
    case ParamKind::duration: return "a duration such as 30s";
    case ParamKind::size: return "a size such as 10GiB";
    case ParamKind::stringList: return "a list of strings";
    case ParamKind::map: return "a mapping";
    case ParamKind::any: return "anything";
  }
  return "a value";
}

// A scalar written without templates must already be of the key's kind.
std::optional<std::string> scalarKindProblem(ParamKind kind, const YAML::Node& node) {
  switch (kind) {
    case ParamKind::integer:
      if (!yaml::asInt(node)) return "expected an integer, got " + yaml::describe(node);
      break;
    case ParamKind::number:
      if (!yaml::asDouble(node)) return "expected a number, got " + yaml::describe(node);
      break;
    case ParamKind::boolean:
      if (!yaml::asBool(node)) return "expected true or false, got " + yaml::describe(node);
      break;
    case ParamKind::duration:
      if (auto d = parseDuration(node.Scalar()); !d) return d.error().message;
      break;
    case ParamKind::size:
      if (auto s = parseByteSize(node.Scalar()); !s) return s.error().message;
      break;
    case ParamKind::stringList:
    case ParamKind::map:
      return "expected " + kindName(kind) + ", got " + yaml::describe(node);
    default:
      break;
  }
  return std::nullopt;
}

WithNode withNode(const YAML::Node& node, const ParseContext& context,
                  const ReferenceRules& rules) {
  WithNode out;
  out.where = context.file().at(node);
  if (node.IsScalar()) {
    if (auto parsed = context.templateAt(node, rules)) out.data = std::move(*parsed);
  } else if (node.IsSequence()) {
    std::vector<WithNode> items;
    for (const auto& item : node) items.push_back(withNode(item, context, rules));
    out.data = std::move(items);
  } else if (node.IsMap()) {
    YamlMap duplicates(context.file(), node, "a mapping");  // reports duplicate keys
    std::vector<std::pair<std::string, WithNode>> entries;
    for (auto it = node.begin(); it != node.end(); ++it) {
      entries.emplace_back(it->first.Scalar(), withNode(it->second, context, rules));
    }
    out.data = std::move(entries);
  }
  return out;
}

bool hasTemplate(const YAML::Node& node) {
  return node.IsScalar() && node.Scalar().find("{{") != std::string::npos;
}

WithNode readWith(const YAML::Node* with, const YAML::Node& step, const ActionDescriptor& action,
                  const ParseContext& context, const ReferenceRules& rules) {
  std::set<std::string_view> present;
  if (with != nullptr && !with->IsNull()) {
    if (!with->IsMap()) {
      context.error(*with, "with must be a mapping, got " + yaml::describe(*with));
      return {};
    }
    std::vector<std::string_view> known;
    for (const auto& p : action.params) known.push_back(p.name);
    for (auto it = with->begin(); it != with->end(); ++it) {
      const std::string key = it->first.Scalar();
      const auto spec = std::find_if(action.params.begin(), action.params.end(),
                                     [&](const ParamSpec& p) { return p.name == key; });
      if (spec == action.params.end()) {
        std::string message =
            "unknown key \"" + key + "\" for action " + std::string(action.name);
        const std::string guess = yaml::closestMatch(key, known);
        if (!guess.empty()) message += " (did you mean \"" + guess + "\"?)";
        context.error(it->first, message);
        continue;
      }
      present.insert(spec->name);
      const YAML::Node value = it->second;  // a copy: yaml-cpp iterators hand out temporaries
      if (value.IsScalar() && !hasTemplate(value)) {
        if (auto problem = scalarKindProblem(spec->kind, value)) {
          context.error(value, key + ": " + *problem);
        }
      } else if ((value.IsSequence() && spec->kind != ParamKind::stringList &&
                  spec->kind != ParamKind::any) ||
                 (value.IsMap() && spec->kind != ParamKind::map && spec->kind != ParamKind::any)) {
        context.error(value, key + ": expected " + kindName(spec->kind) + ", got " +
                                 yaml::describe(value));
      }
    }
  }
  for (const auto& p : action.params) {
    if (p.required && !present.contains(p.name)) {
      context.error(with != nullptr && !with->IsNull() ? *with : step,
                    "action " + std::string(action.name) + " needs \"" + std::string(p.name) +
                        "\" in with");
    }
  }
  if (with == nullptr) return {};
  return withNode(*with, context, rules);
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

std::optional<Step> readStep(const YAML::Node& node, const ParseContext& context,
                             const ReferenceRules& rules, std::set<std::string>& ids) {
  YamlMap map(context.file(), node, "a step");
  if (!map.isMapping()) return std::nullopt;
  Step step;
  step.where = context.file().at(node);
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
        std::string message = "unknown action \"" + step.action + "\"";
        const std::string guess = yaml::closestMatch(step.action, names);
        if (!guess.empty()) message += " (did you mean \"" + guess + "\"?)";
        context.error(*actionNode, message);
      }
    }
  }
  const auto with = map.get("with");
  if (action != nullptr) {
    step.with = readWith(with ? &*with : nullptr, node, *action, context, rules);
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
    rules.earlierSteps.insert(step->id);  // visible to the steps after it
    steps.push_back(std::move(*step));
  }
  return steps;
}

}  // namespace

void readSteps(YamlMap& top, const ParseContext& context, Playbook& playbook) {
  ReferenceRules rules;
  for (const auto& p : playbook.params) rules.params.insert(p.name);
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
