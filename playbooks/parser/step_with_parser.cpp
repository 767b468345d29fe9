// A step's `with:`: the keys its action takes, each value of its key's
// kind, paths the action needs absolute, and the templates inside with
// their references checked. Templated values are converted when the step
// runs.

#include <set>

#include "base/did_you_mean.h"
#include "base/duration.h"
#include "playbooks/actions/action.h"
#include "playbooks/parser/playbook_parse_context.h"
#include "playbooks/playbook.h"

namespace unyo::playbooks {
namespace {

using yaml::YamlMap;

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

// A path the action needs absolute, written without a template: checked
// now rather than when the step runs (a templated one is checked then).
std::optional<std::string> pathProblem(const ParamSpec& spec, const YAML::Node& value) {
  if (!spec.absolutePath || value.Scalar().empty() || value.Scalar().front() == '/') {
    return std::nullopt;
  }
  return "must be an absolute path, got " + yaml::describe(value) +
         " (a relative path would depend on the folder the agent was started in)";
}

}  // namespace

bool hasTemplate(const YAML::Node& node) {
  return node.IsScalar() && node.Scalar().find("{{") != std::string::npos;
}

WithNode readWithNode(const YAML::Node& node, const ParseContext& context,
                      const ReferenceRules& rules) {
  WithNode out;
  out.where = context.file().at(node);
  if (node.IsScalar()) {
    if (auto parsed = context.templateAt(node, rules)) out.data = std::move(*parsed);
  } else if (node.IsSequence()) {
    std::vector<WithNode> items;
    for (const auto& item : node) items.push_back(readWithNode(item, context, rules));
    out.data = std::move(items);
  } else if (node.IsMap()) {
    YamlMap duplicates(context.file(), node, "a mapping");  // reports duplicate keys
    std::vector<std::pair<std::string, WithNode>> entries;
    for (auto it = node.begin(); it != node.end(); ++it) {
      entries.emplace_back(it->first.Scalar(), readWithNode(it->second, context, rules));
    }
    out.data = std::move(entries);
  }
  return out;
}

WithNode readStepWith(const YAML::Node* with, const YAML::Node& step,
                      const ActionDescriptor& action, const ParseContext& context,
                      const ReferenceRules& rules) {
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
        const std::string guess = didYouMean(key, known);
        const std::string hint =
            !guess.empty() ? guess : " (expected one of: " + listNames(known) + ")";
        context.error(it->first, "unknown key " + inQuotes(key) + " for action " +
                                     std::string(action.name) + hint);
        continue;
      }
      present.insert(spec->name);
      const YAML::Node value = it->second;  // a copy: yaml-cpp iterators hand out temporaries
      if (value.IsScalar() && !hasTemplate(value)) {
        if (auto problem = scalarKindProblem(spec->kind, value)) {
          context.error(value, key + ": " + *problem);
        } else if (auto path = pathProblem(*spec, value)) {
          context.error(value, key + " " + *path);
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
  return readWithNode(*with, context, rules);
}

}  // namespace unyo::playbooks
