#include "playbooks/parser/vars_reader.h"

#include "playbooks/parser/playbook_parse_context.h"

namespace unyo::playbooks {
namespace {

// YAML 1.2's core schema for plain scalars; anything else is text.
Value plainScalar(const YAML::Node& node) {
  const std::string& text = node.Scalar();
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  if (auto integer = yaml::asInt(node)) return *integer;
  if (auto number = yaml::asDouble(node)) return *number;
  return text;
}

class VarsReader {
 public:
  explicit VarsReader(const yaml::YamlFile& file) : file_(file) {}

  // nullopt after reporting why the value cannot be a var.
  std::optional<Value> value(const YAML::Node& node, int depth) {
    if (++values_ > kMaxVarsValues) {
      if (!tooMany_) {
        file_.error(node, "vars hold more than " + std::to_string(kMaxVarsValues) + " values");
      }
      tooMany_ = true;
      return std::nullopt;
    }
    if (depth > kMaxVarsDepth) {
      file_.error(node, "vars nest deeper than " + std::to_string(kMaxVarsDepth) + " levels");
      return std::nullopt;
    }
    switch (node.Type()) {
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined:
        return Value();
      case YAML::NodeType::Scalar:
        return node.Tag() == "?" ? plainScalar(node) : Value(node.Scalar());
      case YAML::NodeType::Sequence: {
        Value::List items;
        for (const auto& item : node) {
          auto converted = value(item, depth + 1);
          if (!converted) return std::nullopt;
          items.push_back(std::move(*converted));
        }
        return Value(std::move(items));
      }
      case YAML::NodeType::Map:
        return map(node, depth);
    }
    return std::nullopt;
  }

  std::optional<Value> map(const YAML::Node& node, int depth) {
    yaml::YamlMap keys(file_, node, "a mapping");  // reports duplicate and non-text keys
    Value out = Value::map();
    bool ok = true;
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (!it->first.IsScalar()) {
        ok = false;
        continue;
      }
      auto converted = value(it->second, depth + 1);
      if (!converted) {
        ok = false;
        continue;
      }
      out.set(it->first.Scalar(), std::move(*converted));
    }
    if (!ok) return std::nullopt;
    return out;
  }

 private:
  const yaml::YamlFile& file_;
  std::size_t values_ = 0;
  bool tooMany_ = false;
};

}  // namespace

Value readVars(const YAML::Node& node, const yaml::YamlFile& file) {
  Value vars = Value::map();
  if (!node.IsDefined() || node.IsNull()) return vars;
  yaml::YamlMap names(file, node, "vars");  // a mapping, no duplicates
  if (!names.isMapping()) return vars;
  VarsReader reader(file);
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (!it->first.IsScalar()) continue;
    const std::string name = it->first.Scalar();
    names.get(name);  // every key here is a var name
    if (!isParamName(name)) {
      file.error(it->first, "var name " + inQuotes(name) +
                                " must be lower case letters, digits and _, starting with a "
                                "letter or _");
      continue;
    }
    if (auto value = reader.value(it->second, 1)) vars.set(name, std::move(*value));
  }
  return vars;
}

Value mergeVars(const Value& shared, const Value& own) {
  Value merged = shared.isMap() ? shared : Value::map();
  if (!own.isMap()) return merged;
  for (const auto& [name, value] : own.asMap()) merged.set(name, value);
  return merged;
}

}  // namespace unyo::playbooks
