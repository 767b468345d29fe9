#include "playbooks/engine/redactor.h"

#include <algorithm>

namespace unyo::playbooks {

void Redactor::addSecret(std::string secret) {
  if (secret.empty()) return;
  if (std::find(secrets_.begin(), secrets_.end(), secret) != secrets_.end()) return;
  secrets_.push_back(std::move(secret));
  std::sort(secrets_.begin(), secrets_.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::string Redactor::redactText(std::string_view text) const {
  std::string out(text);
  for (const auto& secret : secrets_) {
    std::size_t at = 0;
    while ((at = out.find(secret, at)) != std::string::npos) {
      out.replace(at, secret.size(), kRedacted);
      at += kRedacted.size();
    }
  }
  return out;
}

Value Redactor::redact(const Value& value) const {
  if (secrets_.empty()) return value;
  if (value.isString()) return Value(redactText(value.asString()));
  if (value.isList()) {
    Value::List list;
    for (const auto& item : value.asList()) list.push_back(redact(item));
    return Value(std::move(list));
  }
  if (value.isMap()) {
    Value::Map map;
    for (const auto& [key, item] : value.asMap()) {
      map.emplace_back(redactText(key), redact(item));
    }
    return Value(std::move(map));
  }
  return value;
}

std::string truncateText(std::string_view text, std::size_t maxBytes) {
  if (text.size() <= maxBytes) return std::string(text);
  std::size_t cut = maxBytes;
  // Do not split a UTF-8 sequence: back up over continuation bytes.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "... [" + std::to_string(text.size() - cut) +
         " bytes truncated]";
}

Value truncateStrings(const Value& value, std::size_t maxBytes) {
  if (value.isString()) return Value(truncateText(value.asString(), maxBytes));
  if (value.isList()) {
    Value::List list;
    for (const auto& item : value.asList()) list.push_back(truncateStrings(item, maxBytes));
    return Value(std::move(list));
  }
  if (value.isMap()) {
    Value::Map map;
    for (const auto& [key, item] : value.asMap()) {
      map.emplace_back(key, truncateStrings(item, maxBytes));
    }
    return Value(std::move(map));
  }
  return value;
}

}  // namespace unyo::playbooks
