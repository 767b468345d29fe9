#include "playbooks/param_bounds.h"

#include <algorithm>

#include "base/duration.h"
#include "base/path_resolver.h"

namespace unyo::playbooks {
namespace {

// -1, 0, 1 as a is below, equal to or above b; both of the param's type.
// Ints compare exactly; durations by their length ("90s" == "1m30s").
int compare(ParamType type, const Value& a, const Value& b) {
  if (type == ParamType::integer && a.isInt() && b.isInt()) {
    return a.asInt() < b.asInt() ? -1 : (a.asInt() > b.asInt() ? 1 : 0);
  }
  double x = 0;
  double y = 0;
  if (type == ParamType::duration) {
    auto dx = parseDuration(a.toText());
    auto dy = parseDuration(b.toText());
    x = dx ? static_cast<double>(dx->count()) : 0;
    y = dy ? static_cast<double>(dy->count()) : 0;
  } else {
    x = a.asNumber();
    y = b.asNumber();
  }
  return x < y ? -1 : (x > y ? 1 : 0);
}

bool same(ParamType type, const Value& a, const Value& b) {
  if (type == ParamType::string || type == ParamType::path) return a.toText() == b.toText();
  return compare(type, a, b) == 0;
}

std::string shown(ParamType type, const Value& v) {
  return type == ParamType::string || type == ParamType::path ? inQuotes(v.toText()) : v.toText();
}

Expected<Value> checkPath(const ParamDefinition& param, const Value& value, PathCheck check) {
  const std::string text = value.toText();
  auto path = check == PathCheck::resolved ? resolveRealPath(text) : normalAbsolutePath(text);
  if (!path) return std::unexpected(path.error());
  if (param.bounds.under.empty()) return Value(path->string());
  std::string allowed;
  for (const auto& dir : param.bounds.under) {
    // The allowed folder may itself be reached through a link (/var/log on
    // another disk): compare real paths with real paths.
    std::filesystem::path root = dir;
    if (check == PathCheck::resolved) {
      if (auto real = resolveRealPath(dir)) root = *real;
    }
    if (isPathUnder(*path, root)) return Value(path->string());
    allowed += (allowed.empty() ? "" : ", ") + dir;
  }
  std::string message = inQuotes(text);
  if (path->string() != text && check == PathCheck::resolved) message += " (" + path->string() + ")";
  return fail(message + " is not under " + allowed, ErrorKind::invalid);
}

}  // namespace

Expected<Value> checkParamBounds(const ParamDefinition& param, const Value& value,
                                 PathCheck check) {
  const ParamBounds& b = param.bounds;
  if (b.min && compare(param.type, value, *b.min) < 0) {
    return fail(shown(param.type, value) + " is below the minimum " + b.min->toText(),
                ErrorKind::invalid);
  }
  if (b.max && compare(param.type, value, *b.max) > 0) {
    return fail(shown(param.type, value) + " is above the maximum " + b.max->toText(),
                ErrorKind::invalid);
  }
  if (!b.choices.empty() &&
      std::none_of(b.choices.begin(), b.choices.end(),
                   [&](const Value& c) { return same(param.type, value, c); })) {
    std::string allowed;
    for (const auto& c : b.choices) allowed += (allowed.empty() ? "" : ", ") + shown(param.type, c);
    return fail(shown(param.type, value) + " is not one of " + allowed, ErrorKind::invalid);
  }
  if (b.pattern && !std::regex_match(value.toText(), *b.pattern)) {
    return fail(shown(param.type, value) + " does not match the pattern " + b.patternText,
                ErrorKind::invalid);
  }
  if (param.type == ParamType::path) return checkPath(param, value, check);
  return value;
}

std::string_view paramTypeName(ParamType type) {
  switch (type) {
    case ParamType::string: return "string";
    case ParamType::integer: return "int";
    case ParamType::number: return "number";
    case ParamType::boolean: return "bool";
    case ParamType::duration: return "duration";
    case ParamType::path: return "path";
  }
  return "string";
}

}  // namespace unyo::playbooks
