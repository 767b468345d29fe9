#pragma once

// A small dynamic value, the common currency of playbooks: what a step's
// `with:` holds once templates are filled in, what actions output, what
// templates and expressions read (params, steps, run, identity, trigger).
// YAML scalars from a playbook stay strings until an action reads them as
// the type it needs; actions output typed values.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace unyo::playbooks {

class Value {
 public:
  using List = std::vector<Value>;
  using Map = std::vector<std::pair<std::string, Value>>;  // keeps insertion order

  Value() = default;  // null
  Value(std::nullptr_t) {}
  Value(bool b) : data_(b) {}
  Value(int i) : data_(static_cast<std::int64_t>(i)) {}
  Value(std::int64_t i) : data_(i) {}
  Value(std::uint64_t i) : data_(static_cast<std::int64_t>(i)) {}
  Value(double d) : data_(d) {}
  Value(const char* s) : data_(std::string(s)) {}
  Value(std::string s) : data_(std::move(s)) {}
  Value(std::string_view s) : data_(std::string(s)) {}
  Value(List l) : data_(std::move(l)) {}
  Value(Map m) : data_(std::move(m)) {}

  static Value map() { return Value(Map{}); }
  static Value list() { return Value(List{}); }

  bool isNull() const { return std::holds_alternative<std::monostate>(data_); }
  bool isBool() const { return std::holds_alternative<bool>(data_); }
  bool isInt() const { return std::holds_alternative<std::int64_t>(data_); }
  bool isDouble() const { return std::holds_alternative<double>(data_); }
  bool isNumber() const { return isInt() || isDouble(); }
  bool isString() const { return std::holds_alternative<std::string>(data_); }
  bool isList() const { return std::holds_alternative<List>(data_); }
  bool isMap() const { return std::holds_alternative<Map>(data_); }

  bool asBool() const { return std::get<bool>(data_); }
  std::int64_t asInt() const { return std::get<std::int64_t>(data_); }
  double asNumber() const;  // int or double as double
  const std::string& asString() const { return std::get<std::string>(data_); }
  const List& asList() const { return std::get<List>(data_); }
  List& asList() { return std::get<List>(data_); }
  const Map& asMap() const { return std::get<Map>(data_); }
  Map& asMap() { return std::get<Map>(data_); }

  // Map access: the value under `key`, or nullptr (also when not a map).
  const Value* find(std::string_view key) const;
  Value* find(std::string_view key);
  // Sets (or replaces) `key`; turns a null value into a map first.
  Value& set(std::string_view key, Value value);
  // Follows a path of map keys: {"steps", "purge", "output", "files"}.
  const Value* at(std::span<const std::string> path) const;

  // false, 0, "", "false", "0", null, an empty list or map are false.
  bool truthy() const;

  // How the value reads inside a string: strings as they are, numbers in
  // their shortest form (15, 0.85), true/false, null as "", lists and maps
  // as JSON.
  std::string toText() const;

  nlohmann::json toJson() const;
  static Value fromJson(const nlohmann::json& json);

  bool operator==(const Value& other) const = default;

 private:
  std::variant<std::monostate, bool, std::int64_t, double, std::string, List, Map> data_;
};

}  // namespace unyo::playbooks
