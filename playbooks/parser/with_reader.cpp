// WithReader: typed reads of a step's rendered `with:` (declared in action.h).

#include <charconv>

#include "base/duration.h"
#include "playbooks/actions/action.h"

namespace unyo::playbooks {
namespace {

std::string quotedKey(std::string_view key) { return "\"" + std::string(key) + "\""; }

template <class T>
Expected<T> parseText(std::string_view key, const std::string& text, const char* what) {
  T value{};
  std::string_view s = text;
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) {
    return fail(quotedKey(key) + ": expected " + what + ", got \"" + text + "\"");
  }
  return value;
}

}  // namespace

bool WithReader::has(std::string_view key) const {
  const Value* v = with_.find(key);
  return v != nullptr && !v->isNull();
}

Expected<std::string> WithReader::string(std::string_view key, std::string fallback) const {
  const Value* v = with_.find(key);
  if (v == nullptr || v->isNull()) return fallback;
  if (v->isList() || v->isMap()) return fail(quotedKey(key) + ": expected a string");
  return v->toText();
}

Expected<std::string> WithReader::requiredString(std::string_view key) const {
  if (!has(key)) return fail(quotedKey(key) + " is required");
  auto text = string(key);
  if (text && text->empty()) return fail(quotedKey(key) + " must not be empty");
  return text;
}

Expected<std::int64_t> WithReader::integer(std::string_view key, std::int64_t fallback) const {
  const Value* v = with_.find(key);
  if (v == nullptr || v->isNull()) return fallback;
  if (v->isInt()) return v->asInt();
  if (v->isString()) return parseText<std::int64_t>(key, v->asString(), "an integer");
  return fail(quotedKey(key) + ": expected an integer, got " + v->toText());
}

Expected<double> WithReader::number(std::string_view key, double fallback) const {
  const Value* v = with_.find(key);
  if (v == nullptr || v->isNull()) return fallback;
  if (v->isNumber()) return v->asNumber();
  if (v->isString()) return parseText<double>(key, v->asString(), "a number");
  return fail(quotedKey(key) + ": expected a number, got " + v->toText());
}

Expected<bool> WithReader::boolean(std::string_view key, bool fallback) const {
  const Value* v = with_.find(key);
  if (v == nullptr || v->isNull()) return fallback;
  if (v->isBool()) return v->asBool();
  const std::string text = v->toText();
  if (text == "true") return true;
  if (text == "false") return false;
  return fail(quotedKey(key) + ": expected true or false, got \"" + text + "\"");
}

Expected<std::chrono::milliseconds> WithReader::duration(std::string_view key,
                                                         std::chrono::milliseconds fallback) const {
  const Value* v = with_.find(key);
  if (v == nullptr || v->isNull()) return fallback;
  auto parsed = parseDuration(v->toText());
  if (!parsed) return fail(quotedKey(key) + ": " + parsed.error().message);
  return parsed;
}

Expected<std::uint64_t> WithReader::size(std::string_view key, std::uint64_t fallback) const {
  const Value* v = with_.find(key);
  if (v == nullptr || v->isNull()) return fallback;
  auto parsed = parseByteSize(v->toText());
  if (!parsed) return fail(quotedKey(key) + ": " + parsed.error().message);
  return parsed;
}

Expected<std::vector<std::string>> WithReader::stringList(std::string_view key) const {
  const Value* v = with_.find(key);
  if (v == nullptr || v->isNull()) return std::vector<std::string>{};
  if (!v->isList()) return fail(quotedKey(key) + ": expected a list");
  std::vector<std::string> out;
  for (const auto& item : v->asList()) {
    if (item.isList() || item.isMap()) return fail(quotedKey(key) + ": expected a list of strings");
    out.push_back(item.toText());
  }
  return out;
}

}  // namespace unyo::playbooks
