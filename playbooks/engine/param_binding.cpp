#include "playbooks/engine/param_binding.h"

#include <unistd.h>

#include <charconv>

#include "base/duration.h"
#include "base/file_trust.h"
#include "base/host_paths.h"
#include "base/path_resolver.h"
#include "playbooks/param_bounds.h"

namespace unyo::playbooks {
namespace {

Expected<Value> convert(const ParamDefinition& param, const Value& given) {
  const std::string where = "param \"" + param.name + "\": ";
  const std::string text = given.toText();
  switch (param.type) {
    case ParamType::string:
    case ParamType::path:
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
  // A secret others could write would let them choose what root sends.
  if (auto trusted = checkTrustedPath(param.fromFile, ::geteuid()); !trusted) {
    return fail("param \"" + param.name + "\": " + trusted.error().message, ErrorKind::invalid);
  }
  auto text = readFileText(param.fromFile);
  if (!text) return fail("param \"" + param.name + "\": " + text.error().message);
  // A trailing newline is how editors save files, not part of the secret.
  while (!text->empty() && (text->back() == '\n' || text->back() == '\r')) text->pop_back();
  return convert(param, Value(*text));
}

// A caller's value: allowed at all, of the right type, within bounds.
Expected<Value> fromCaller(const Playbook& playbook, const ParamDefinition& param,
                           const Value& given) {
  const std::string where = "param \"" + param.name + "\": ";
  if (!param.overridable) {
    return fail(where + "locked: playbook " + playbook.name +
                    " does not let callers set it (it is not overridable)",
                ErrorKind::invalid);
  }
  auto converted = convert(param, given);
  if (!converted) return fail(converted.error().message, ErrorKind::invalid);
  auto checked = checkParamBounds(param, *converted, PathCheck::resolved);
  if (!checked) return fail(where + checked.error().message, ErrorKind::invalid);
  return checked;
}

}  // namespace

Expected<Value> bindParams(const Playbook& playbook, const Value& given, Redactor& redactor) {
  if (!given.isNull() && !given.isMap()) {
    return fail("params must be a mapping of name to value", ErrorKind::invalid);
  }
  if (given.isMap()) {
    for (const auto& [name, value] : given.asMap()) {
      if (playbook.findParam(name) == nullptr) {
        std::string declared;
        for (const auto& p : playbook.params) declared += (declared.empty() ? "" : ", ") + p.name;
        return fail("unknown param \"" + name + "\" for playbook " + playbook.name +
                        (declared.empty() ? " (it takes none)" : " (it takes " + declared + ")"),
                    ErrorKind::invalid);
      }
    }
  }
  Value bound = Value::map();
  for (const auto& param : playbook.params) {
    const Value* value = given.find(param.name);
    Expected<Value> converted = fail("");
    if (value != nullptr && !value->isNull()) {
      converted = fromCaller(playbook, param, *value);
    } else if (!param.fromFile.empty()) {
      converted = readFromFile(param);
    } else if (param.defaultValue) {
      converted = *param.defaultValue;
    } else {
      return fail("param \"" + param.name + "\" is required (it has no default)",
                  ErrorKind::invalid);
    }
    if (!converted) return std::unexpected(converted.error());
    if (param.secret) redactor.addSecret(converted->toText());
    bound.set(param.name, std::move(*converted));
  }
  return bound;
}

bool overridesDefaults(const Playbook& playbook, const Value& given) {
  if (!given.isMap()) return false;
  for (const auto& [name, value] : given.asMap()) {
    const ParamDefinition* param = playbook.findParam(name);
    if (param == nullptr || value.isNull()) continue;
    if (!param->defaultValue) return true;
    auto converted = convert(*param, value);
    if (!converted) return true;
    if (param->type == ParamType::path) {
      auto a = normalAbsolutePath(converted->toText());
      auto b = normalAbsolutePath(param->defaultValue->toText());
      if (!a || !b || *a != *b) return true;
    } else if (*converted != *param->defaultValue) {
      return true;
    }
  }
  return false;
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
