#include "playbooks/value.h"

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

namespace unyo::playbooks {

double Value::asNumber() const {
  if (isInt()) return static_cast<double>(asInt());
  return std::get<double>(data_);
}

const Value* Value::find(std::string_view key) const {
  if (!isMap()) return nullptr;
  for (const auto& [k, v] : asMap()) {
    if (k == key) return &v;
  }
  return nullptr;
}

Value* Value::find(std::string_view key) {
  return const_cast<Value*>(static_cast<const Value*>(this)->find(key));
}

Value& Value::set(std::string_view key, Value value) {
  if (isNull()) data_ = Map{};
  if (Value* existing = find(key)) {
    *existing = std::move(value);
    return *existing;
  }
  auto& map = asMap();
  map.emplace_back(std::string(key), std::move(value));
  return map.back().second;
}

const Value* Value::at(std::span<const std::string> path) const {
  const Value* current = this;
  for (const auto& key : path) {
    current = current->find(key);
    if (current == nullptr) return nullptr;
  }
  return current;
}

bool Value::truthy() const {
  return std::visit(
      [](const auto& v) -> bool {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return false;
        } else if constexpr (std::is_same_v<T, bool>) {
          return v;
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return v != 0;
        } else if constexpr (std::is_same_v<T, double>) {
          return v != 0 && !std::isnan(v);
        } else if constexpr (std::is_same_v<T, std::string>) {
          return !v.empty() && v != "false" && v != "0";
        } else {
          return !v.empty();
        }
      },
      data_);
}

std::string Value::toText() const {
  if (isString()) return asString();
  if (isNull()) return "";
  if (isBool()) return asBool() ? "true" : "false";
  if (isInt()) return std::to_string(asInt());
  if (isDouble()) {
    const double d = std::get<double>(data_);
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "+Inf" : "-Inf";
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
    return std::string(buf, ec == std::errc() ? end : buf);
  }
  return toJson().dump();
}

nlohmann::json Value::toJson() const {
  return std::visit(
      [](const auto& v) -> nlohmann::json {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return nullptr;
        } else if constexpr (std::is_same_v<T, List>) {
          nlohmann::json array = nlohmann::json::array();
          for (const auto& item : v) array.push_back(item.toJson());
          return array;
        } else if constexpr (std::is_same_v<T, Map>) {
          nlohmann::json object = nlohmann::json::object();
          for (const auto& [key, item] : v) object[key] = item.toJson();
          return object;
        } else if constexpr (std::is_same_v<T, double>) {
          // JSON has no NaN or infinities.
          if (!std::isfinite(v)) return nullptr;
          return v;
        } else {
          return v;
        }
      },
      data_);
}

Value Value::fromJson(const nlohmann::json& json) {
  switch (json.type()) {
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded:
      return Value();
    case nlohmann::json::value_t::boolean:
      return Value(json.get<bool>());
    case nlohmann::json::value_t::number_integer:
      return Value(json.get<std::int64_t>());
    case nlohmann::json::value_t::number_unsigned:
      return Value(static_cast<std::int64_t>(json.get<std::uint64_t>()));
    case nlohmann::json::value_t::number_float:
      return Value(json.get<double>());
    case nlohmann::json::value_t::string:
      return Value(json.get<std::string>());
    case nlohmann::json::value_t::array: {
      List list;
      for (const auto& item : json) list.push_back(fromJson(item));
      return Value(std::move(list));
    }
    case nlohmann::json::value_t::object: {
      Map map;
      for (const auto& [key, item] : json.items()) map.emplace_back(key, fromJson(item));
      return Value(std::move(map));
    }
    case nlohmann::json::value_t::binary:
      break;
  }
  return Value();
}

}  // namespace unyo::playbooks
