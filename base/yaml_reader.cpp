#include "base/yaml_reader.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "base/did_you_mean.h"
#include "base/duration.h"

namespace unyo::yaml {
namespace {

Expected<std::string> scalarText(const YAML::Node& node, std::string_view expected) {
  if (!node.IsScalar()) {
    return fail("expected " + std::string(expected) + ", got " + describe(node));
  }
  return node.Scalar();
}

// YAML forbids tabs in indentation, and yaml-cpp then reports something
// unhelpful ("illegal map value") somewhere near; point at the tab instead.
std::optional<SourceLocation> findIndentationTab(std::string_view text,
                                                 const std::string& fileName) {
  int line = 1;
  bool atLineStart = true;
  int column = 1;
  for (char c : text) {
    if (c == '\n') {
      ++line;
      column = 1;
      atLineStart = true;
      continue;
    }
    if (atLineStart && c == '\t') return SourceLocation{fileName, line, column};
    if (c != ' ') atLineStart = false;
    ++column;
  }
  return std::nullopt;
}

}  // namespace

SourceLocation YamlFile::at(const YAML::Node& node) const {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return {name, 1, 1};
  return {name, mark.line + 1, mark.column + 1};
}

void YamlFile::error(const YAML::Node& node, std::string message) const {
  diagnostics.add(at(node), std::move(message));
}

Expected<YAML::Node> parseText(std::string_view text, const std::string& fileName) {
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::ParserException& e) {
    if (auto tab = findIndentationTab(text, fileName)) {
      return fail(*tab, "tab character in indentation; YAML indents with spaces only");
    }
    // yaml-cpp's msg is the bare reason ("illegal map value"); its what()
    // repeats the position in its own format, which we do not want.
    return fail(SourceLocation{fileName, e.mark.line + 1, e.mark.column + 1},
                "invalid YAML: " + e.msg);
  } catch (const YAML::Exception& e) {
    return fail(SourceLocation{fileName, 1, 1}, std::string("invalid YAML: ") + e.what());
  }
}

Expected<YAML::Node> parseFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(path.string() + ": cannot open file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return fail(path.string() + ": cannot read file");
  return parseText(text.str(), path.string());
}

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null: return "nothing";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Scalar: return "\"" + node.Scalar() + "\"";
  }
  return "something else";
}

Expected<std::string> asString(const YAML::Node& node) { return scalarText(node, "a string"); }

Expected<bool> asBool(const YAML::Node& node) {
  auto text = scalarText(node, "true or false");
  if (!text) return std::unexpected(text.error());
  if (*text == "true" || *text == "True" || *text == "TRUE") return true;
  if (*text == "false" || *text == "False" || *text == "FALSE") return false;
  return fail("expected true or false, got " + describe(node));
}

Expected<std::int64_t> asInt(const YAML::Node& node) {
  auto text = scalarText(node, "an integer");
  if (!text) return std::unexpected(text.error());
  std::int64_t value = 0;
  std::string_view s = *text;
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec == std::errc::result_out_of_range) return fail("integer " + describe(node) + " is out of range");
  if (ec != std::errc() || ptr != s.data() + s.size() || s.empty()) {
    return fail("expected an integer, got " + describe(node));
  }
  return value;
}

Expected<double> asDouble(const YAML::Node& node) {
  auto text = scalarText(node, "a number");
  if (!text) return std::unexpected(text.error());
  double value = 0;
  std::string_view s = *text;
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size() || s.empty() || !std::isfinite(value)) {
    return fail("expected a number, got " + describe(node));
  }
  return value;
}

Expected<std::chrono::milliseconds> asDuration(const YAML::Node& node) {
  auto text = scalarText(node, "a duration such as 15s");
  if (!text) return std::unexpected(text.error());
  return parseDuration(*text);
}

Expected<std::uint64_t> asByteSize(const YAML::Node& node) {
  auto text = scalarText(node, "a size such as 10GiB");
  if (!text) return std::unexpected(text.error());
  return parseByteSize(*text);
}

Expected<std::vector<std::string>> asStringList(const YAML::Node& node) {
  if (!node.IsSequence()) return fail("expected a list of strings, got " + describe(node));
  std::vector<std::string> out;
  for (const auto& item : node) {
    auto text = scalarText(item, "a string");
    if (!text) return std::unexpected(text.error());
    out.push_back(std::move(*text));
  }
  return out;
}

YamlMap::YamlMap(const YamlFile& file, const YAML::Node& node, std::string_view what)
    : file_(file), node_(node) {
  if (node.IsNull() || !node.IsDefined()) return;  // `section:` left empty: all defaults
  if (!node.IsMap()) {
    file_.error(node, "expected a mapping for " + std::string(what) + ", got " + describe(node));
    return;
  }
  isMapping_ = true;
  // yaml-cpp keeps duplicate keys; a config with two `interval:` lines is a
  // mistake the user should hear about rather than have one silently win.
  std::unordered_map<std::string, int> firstLine;
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (!it->first.IsScalar()) {
      file_.error(it->first, "keys must be plain strings");
      continue;
    }
    const std::string& key = it->first.Scalar();
    auto [where, inserted] = firstLine.emplace(key, it->first.Mark().line + 1);
    if (!inserted) {
      file_.error(it->first, "duplicate key \"" + key + "\" (first set on line " +
                                 std::to_string(where->second) + ")");
    }
  }
}

std::optional<YAML::Node> YamlMap::get(std::string_view key) {
  known_.emplace_back(key);
  if (!isMapping_) return std::nullopt;
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == key) return it->second;
  }
  return std::nullopt;
}

std::optional<YAML::Node> YamlMap::require(std::string_view key) {
  auto value = get(key);
  if (!value && (isMapping_ || node_.IsNull() || !node_.IsDefined())) {
    file_.error(node_, "missing required key \"" + std::string(key) + "\"");
  }
  return value;
}

bool YamlMap::read(std::string_view key, std::string& out) { return readWith(key, out, asString); }
bool YamlMap::read(std::string_view key, bool& out) { return readWith(key, out, asBool); }
bool YamlMap::read(std::string_view key, std::int64_t& out) { return readWith(key, out, asInt); }
bool YamlMap::read(std::string_view key, double& out) { return readWith(key, out, asDouble); }
bool YamlMap::read(std::string_view key, std::chrono::milliseconds& out) {
  return readWith(key, out, asDuration);
}

bool YamlMap::read(std::string_view key, int& out) {
  return readWith(key, out, [](const YAML::Node& node) -> Expected<int> {
    auto value = asInt(node);
    if (!value) return std::unexpected(value.error());
    if (*value < INT32_MIN || *value > INT32_MAX) {
      return fail("integer " + describe(node) + " is out of range");
    }
    return static_cast<int>(*value);
  });
}

bool YamlMap::read(std::string_view key, std::vector<std::string>& out) {
  auto value = get(key);
  if (!value) return false;
  if (!value->IsSequence()) {
    file_.error(*value, "expected a list of strings, got " + describe(*value));
    return false;
  }
  std::vector<std::string> items;
  bool ok = true;
  for (const auto& item : *value) {
    auto text = asString(item);
    if (!text) {
      file_.error(item, text.error().message);
      ok = false;
    } else {
      items.push_back(std::move(*text));
    }
  }
  if (ok) out = std::move(items);
  return ok;
}

void YamlMap::finish() {
  if (!isMapping_) return;
  // Each known key once, in the order the reader asked for them (which
  // follows the documentation's order).
  std::vector<std::string_view> candidates;
  for (const auto& key : known_) {
    if (std::find(candidates.begin(), candidates.end(), key) == candidates.end()) {
      candidates.push_back(key);
    }
  }
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    if (!it->first.IsScalar()) continue;
    const std::string& key = it->first.Scalar();
    if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
    file_.error(it->first, unknownKeyMessage(key, candidates));
  }
}

std::string unknownKeyMessage(std::string_view key, std::span<const std::string_view> known) {
  std::string message = "unknown key " + inQuotes(key);
  const std::string hint = didYouMean(key, known);
  if (!hint.empty()) return message + hint;
  if (known.empty()) return message;
  return message + " (expected one of: " + listNames(known) + ")";
}

}  // namespace unyo::yaml
