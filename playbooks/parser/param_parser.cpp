// The `params:` section: each param's type, default, secrecy, whether a
// caller may set it, and the bounds a caller's value must keep.

#include <algorithm>
#include <map>

#include "base/path_resolver.h"
#include "playbooks/param_bounds.h"
#include "playbooks/parser/playbook_parse_context.h"
#include "playbooks/playbook.h"

namespace unyo::playbooks {
namespace {

using yaml::YamlMap;

// A value of the param's type written in the playbook (default, min, enum).
Expected<Value> convertValue(ParamType type, const YAML::Node& node) {
  switch (type) {
    case ParamType::string:
    case ParamType::path: {
      auto s = yaml::asString(node);
      if (!s) return std::unexpected(s.error());
      return Value(*s);
    }
    case ParamType::integer: {
      auto i = yaml::asInt(node);
      if (!i) return std::unexpected(i.error());
      return Value(*i);
    }
    case ParamType::number: {
      auto d = yaml::asDouble(node);
      if (!d) return std::unexpected(d.error());
      return Value(*d);
    }
    case ParamType::boolean: {
      auto b = yaml::asBool(node);
      if (!b) return std::unexpected(b.error());
      return Value(*b);
    }
    case ParamType::duration: {
      auto d = yaml::asDuration(node);
      if (!d) return std::unexpected(d.error());
      return Value(node.Scalar());
    }
  }
  return Value();
}

std::optional<ParamType> paramType(std::string_view text) {
  static const std::map<std::string_view, ParamType> kTypes = {
      {"string", ParamType::string},   {"str", ParamType::string},
      {"int", ParamType::integer},     {"integer", ParamType::integer},
      {"number", ParamType::number},   {"float", ParamType::number},
      {"bool", ParamType::boolean},    {"boolean", ParamType::boolean},
      {"duration", ParamType::duration}, {"path", ParamType::path}};
  auto it = kTypes.find(text);
  if (it == kTypes.end()) return std::nullopt;
  return it->second;
}

// Whether `key` fits the param's type; reports it at the key's value if not.
bool fits(const ParseContext& context, const YAML::Node& node, const ParamDefinition& param,
          std::string_view key, std::initializer_list<ParamType> types, std::string_view names) {
  if (std::find(types.begin(), types.end(), param.type) != types.end()) return true;
  context.error(node, std::string(key) + " applies to " + std::string(names) + " params, not " +
                          std::string(paramTypeName(param.type)));
  return false;
}

void readRange(YamlMap& spec, const ParseContext& context, ParamDefinition& param) {
  constexpr auto kNames = "int, number and duration";
  for (std::string_view key : {"min", "max"}) {
    auto node = spec.get(key);
    if (!node || !fits(context, *node, param, key,
                       {ParamType::integer, ParamType::number, ParamType::duration}, kNames)) {
      continue;
    }
    auto value = convertValue(param.type, *node);
    if (!value) {
      context.error(*node, std::string(key) + ": " + value.error().message);
    } else {
      (key == "min" ? param.bounds.min : param.bounds.max) = std::move(*value);
    }
  }
  if (param.bounds.min && param.bounds.max) {
    ParamDefinition atLeastMin;
    atLeastMin.type = param.type;
    atLeastMin.bounds.min = param.bounds.min;
    if (!checkParamBounds(atLeastMin, *param.bounds.max, PathCheck::lexical)) {
      context.error(*spec.get("max"), "max " + param.bounds.max->toText() +
                                          " is below min " + param.bounds.min->toText());
    }
  }
}

void readChoices(YamlMap& spec, const ParseContext& context, ParamDefinition& param) {
  auto node = spec.get("enum");
  if (!node || !fits(context, *node, param, "enum",
                     {ParamType::string, ParamType::integer, ParamType::number,
                      ParamType::duration},
                     "string, int, number and duration")) {
    return;
  }
  if (!node->IsSequence() || node->size() == 0) {
    context.error(*node, "enum must be a non-empty list of values, got " + yaml::describe(*node));
    return;
  }
  for (const auto& item : *node) {
    auto value = convertValue(param.type, item);
    if (!value) {
      context.error(item, "enum value: " + value.error().message);
    } else {
      param.bounds.choices.push_back(std::move(*value));
    }
  }
}

void readPattern(YamlMap& spec, const ParseContext& context, ParamDefinition& param) {
  auto node = spec.get("pattern");
  if (!node || !fits(context, *node, param, "pattern", {ParamType::string}, "string")) return;
  auto text = yaml::asString(*node);
  if (!text) {
    context.error(*node, "pattern: " + text.error().message);
    return;
  }
  // std::regex reports a bad expression by throwing; it stops here.
  try {
    param.bounds.pattern.emplace(*text, std::regex::ECMAScript);
    param.bounds.patternText = *text;
  } catch (const std::regex_error& e) {
    context.error(*node, "pattern " + inQuotes(*text) + " is not a valid regular expression: " +
                             e.what());
  }
}

void readUnder(YamlMap& spec, const ParseContext& context, ParamDefinition& param) {
  auto node = spec.get("under");
  if (!node || !fits(context, *node, param, "under", {ParamType::path}, "path")) return;
  if (!node->IsSequence() || node->size() == 0) {
    context.error(*node, "under must be a list of directories, got " + yaml::describe(*node));
    return;
  }
  for (const auto& item : *node) {
    auto text = yaml::asString(item);
    auto dir = text ? normalAbsolutePath(*text) : Expected<std::filesystem::path>(
                                                      std::unexpected(text.error()));
    if (!dir) {
      context.error(item, "under: " + dir.error().message);
    } else if (*dir == "/") {
      context.error(item, "under: / would allow every path");
    } else {
      param.bounds.under.push_back(dir->string());
    }
  }
}

void readParam(const YAML::Node& key, const YAML::Node& value, const ParseContext& context,
               Playbook& playbook) {
  ParamDefinition param;
  param.name = key.Scalar();
  YamlMap spec(context.file(), value, "param \"" + param.name + "\"");
  if (auto type = spec.get("type")) {
    auto text = yaml::asString(*type);
    auto parsed = text ? paramType(*text) : std::nullopt;
    if (!parsed) {
      context.error(*type, "param type must be string, int, number, bool, duration or path, got " +
                               yaml::describe(*type));
    } else {
      param.type = *parsed;
    }
  }
  auto def = spec.get("default");
  if (def) {
    auto converted = convertValue(param.type, *def);
    if (!converted) {
      context.error(*def, "default of param \"" + param.name + "\": " + converted.error().message);
      def.reset();
    } else {
      param.defaultValue = std::move(*converted);
    }
  }
  spec.read("secret", param.secret);
  spec.read("from_file", param.fromFile);
  spec.read("description", param.description);
  if (!param.fromFile.empty() && param.fromFile.front() != '/') {
    context.error(*spec.get("from_file"), "from_file must be an absolute path");
  }
  if (spec.read("overridable", param.overridable) && param.overridable) {
    const YAML::Node at = *spec.get("overridable");
    // A caller must never be able to choose a secret, nor replace a value
    // the operator keeps in a file.
    if (param.secret) context.error(at, "a secret param cannot be overridable");
    if (!param.fromFile.empty()) context.error(at, "a from_file param cannot be overridable");
  }
  readRange(spec, context, param);
  readChoices(spec, context, param);
  readPattern(spec, context, param);
  readUnder(spec, context, param);
  spec.finish();
  if (param.overridable && param.type == ParamType::path && param.bounds.under.empty() &&
      !spec.get("under")) {
    context.error(*spec.get("overridable"),
                  "an overridable path param needs under: [DIR, ...] (where it may point)");
  }
  if (!param.overridable && !param.defaultValue && param.fromFile.empty()) {
    context.error(key, "param \"" + param.name +
                           "\" has no default and is not overridable: no run could give it a value");
  }
  if (def && param.defaultValue) {
    if (auto ok = checkParamBounds(param, *param.defaultValue, PathCheck::lexical); !ok) {
      context.error(*def, "default of param \"" + param.name + "\": " + ok.error().message);
    }
  }
  playbook.params.push_back(std::move(param));
}

}  // namespace

bool isParamName(std::string_view name) {
  return !name.empty() && ((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_') &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
         });
}

void readParams(yaml::YamlMap& top, const ParseContext& context, Playbook& playbook) {
  auto node = top.get("params");
  if (!node) return;
  YamlMap params(context.file(), *node, "params");
  if (!params.isMapping()) return;
  for (auto it = node->begin(); it != node->end(); ++it) {
    const std::string name = it->first.Scalar();
    params.get(name);  // known: every key here is a param name
    if (!isParamName(name)) {
      context.error(it->first, "param name \"" + name +
                                   "\" must be lower case letters, digits and _, starting with a "
                                   "letter or _");
      continue;
    }
    readParam(it->first, it->second, context, playbook);
  }
}

}  // namespace unyo::playbooks
