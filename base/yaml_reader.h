#pragma once

// Reading YAML into typed options with every error reported as
// FILE:LINE:COL: message, all at once. Shared by the config file (agent) and
// playbook files; lives here, the lowest part that needs it.
//
//   YamlFile file{"unyo.yaml", diagnostics};
//   YamlMap map(file, root);
//   map.read("interval", options.interval);      // type errors point at the value
//   map.readWith("mode", mode, parseMode);        // custom conversions
//   map.finish();                                 // unknown keys, with "did you mean"

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/did_you_mean.h"
#include "base/error.h"

namespace unyo::yaml {

// The file being read and where its errors go.
struct YamlFile {
  std::string name;
  Diagnostics& diagnostics;

  SourceLocation at(const YAML::Node& node) const;
  void error(const YAML::Node& node, std::string message) const;
};

// Parses text; a syntax error comes back as one located error.
Expected<YAML::Node> parseText(std::string_view text, const std::string& fileName);
// Reads and parses a file (errors name the file).
Expected<YAML::Node> parseFile(const std::filesystem::path& path);

// Scalar conversions. Errors say what was expected and what was found, with
// no location (the caller knows the node).
Expected<std::string> asString(const YAML::Node& node);
Expected<bool> asBool(const YAML::Node& node);
Expected<std::int64_t> asInt(const YAML::Node& node);
Expected<double> asDouble(const YAML::Node& node);
Expected<std::chrono::milliseconds> asDuration(const YAML::Node& node);
Expected<std::uint64_t> asByteSize(const YAML::Node& node);
Expected<std::vector<std::string>> asStringList(const YAML::Node& node);

// A short description of a node for messages: "a mapping", "\"abc\"", "nothing".
std::string describe(const YAML::Node& node);

// "Did you mean" guesses live in base/did_you_mean.h; readers of YAML
// have always found them here too.
using unyo::closestMatch;

// `unknown key "KEY"` with a hint: the known key it is closest to, or else
// the keys there are. The one wording of the error, for YamlMap::finish()
// and for readers that check keys themselves (a step's `with:`).
std::string unknownKeyMessage(std::string_view key, std::span<const std::string_view> known);

// One YAML mapping being read. Every key the reader asks about is "known";
// finish() reports the rest. A non-mapping node is reported once and every
// read on it is a no-op.
class YamlMap {
 public:
  YamlMap(const YamlFile& file, const YAML::Node& node, std::string_view what = "section");
  ~YamlMap() = default;
  YamlMap(const YamlMap&) = delete;
  YamlMap& operator=(const YamlMap&) = delete;

  bool isMapping() const { return isMapping_; }
  const YamlFile& file() const { return file_; }
  const YAML::Node& node() const { return node_; }

  // The value node for `key` (marking the key known), or nullopt if absent.
  std::optional<YAML::Node> get(std::string_view key);
  // Same, reporting "missing required key" at the mapping when absent.
  std::optional<YAML::Node> require(std::string_view key);

  // Typed reads: leave `out` untouched when the key is absent; report a
  // located error and return false when the value does not convert.
  bool read(std::string_view key, std::string& out);
  bool read(std::string_view key, bool& out);
  bool read(std::string_view key, std::int64_t& out);
  bool read(std::string_view key, int& out);
  bool read(std::string_view key, double& out);
  bool read(std::string_view key, std::chrono::milliseconds& out);
  bool read(std::string_view key, std::vector<std::string>& out);

  // With a conversion `parse(node) -> Expected<T>`.
  template <class T, class Parse>
  bool readWith(std::string_view key, T& out, Parse&& parse) {
    auto value = get(key);
    if (!value) return false;
    auto converted = parse(*value);
    if (!converted) {
      file_.error(*value, converted.error().message);
      return false;
    }
    out = std::move(*converted);
    return true;
  }

  // Reports unknown keys, each with the closest known key as a suggestion
  // or, when none is close, the list of known keys.
  // Call after all reads; also called by nothing else.
  void finish();

 private:
  const YamlFile& file_;
  YAML::Node node_;
  bool isMapping_ = false;
  std::vector<std::string> known_;
};

}  // namespace unyo::yaml
