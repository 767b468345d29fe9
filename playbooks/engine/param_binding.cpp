#include "playbooks/engine/param_binding.h"

#include <charconv>

#include "base/duration.h"
#include "base/host_paths.h"

namespace unyo::playbooks {
namespace {

Expected<Value> convert(const ParamDefinition& param, const Value& given) {
  const std::string where = "param \"" + param.name + "\": ";
  const std::string text = given.toText();
  switch (param.type) {
    case ParamType::string:
      if (given.isList() || given.isMap()) return fail(where + "expected a string");
      return Value(text);
    case ParamType::integer: {
      if (given.isInt()) return given;
      std::int64_t value = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
        return fail(where + "expected an integer, got \"" + text + "\"");
      }
      return Value(value);
    }
    case ParamType::number: {
      if (given.isNumber()) return Value(given.asNumber());
      double value = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
        return fail(where + "expected a number, got \"" + text + "\"");
      }
      return Value(value);
    }
    case ParamType::boolean:
      if (given.isBool()) return given;
      if (text == "true") return Value(true);
      if (text == "false") return Value(false);
      return fail(where + "expected true or false, got \"" + text + "\"");
    case ParamType::duration:
      if (auto d = parseDuration(text); !d) return fail(where + d.error().message);
      return Value(text);
  }
  return fail(where + "unknown type");
}

Expected<Value> readFromFile(const ParamDefinition& param) {
  auto text = readFileText(param.fromFile);
  if (!text) return fail("param \"" + param.name + "\": " + text.error().message);
  // A trailing newline is how editors save files, not part of the secret.
  while (!text->empty() && (text->back() == '\n' || text->back() == '\r')) text->pop_back();
  return convert(param, Value(*text));
}

}  // namespace

Expected<Value> bindParams(const Playbook& playbook, const Value& given, Redactor& redactor) {
  if (!given.isNull() && !given.isMap()) return fail("params must be a mapping of name to value");
  if (given.isMap()) {
    for (const auto& [name, value] : given.asMap()) {
      if (playbook.findParam(name) == nullptr) {
        std::string declared;
        for (const auto& p : playbook.params) declared += (declared.empty() ? "" : ", ") + p.name;
        return fail("unknown param \"" + name + "\" for playbook " + playbook.name +
                    (declared.empty() ? " (it takes none)" : " (it takes " + declared + ")"));
      }
    }
  }
  Value bound = Value::map();
  for (const auto& param : playbook.params) {
    const Value* value = given.find(param.name);
    Expected<Value> converted = fail("");
    if (value != nullptr && !value->isNull()) {
      converted = convert(param, *value);
    } else if (!param.fromFile.empty()) {
      converted = readFromFile(param);
    } else if (param.defaultValue) {
      converted = *param.defaultValue;
    } else {
      return fail("param \"" + param.name + "\" is required (it has no default)");
    }
    if (!converted) return std::unexpected(converted.error());
    if (param.secret) redactor.addSecret(converted->toText());
    bound.set(param.name, std::move(*converted));
  }
  return bound;
}

Value displayParams(const Playbook& playbook, const Value& bound) {
  Value shown = Value::map();
  if (!bound.isMap()) return shown;
  for (const auto& [name, value] : bound.asMap()) {
    const ParamDefinition* param = playbook.findParam(name);
    shown.set(name, param != nullptr && param->secret ? Value(std::string(kRedacted)) : value);
  }
  return shown;
}

}  // namespace unyo::playbooks
