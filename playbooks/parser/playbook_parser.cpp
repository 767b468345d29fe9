// The top of a playbook file: name, description, labor, policy; the params,
// triggers and steps have files of their own.

#include "playbooks/parser/playbook_parser.h"

#include <algorithm>
#include <map>
#include <regex>

#include "base/host_paths.h"
#include "playbooks/parser/playbook_parse_context.h"
#include "playbooks/parser/vars_reader.h"

namespace unyo::playbooks {
namespace {

using yaml::YamlMap;

bool isPlaybookName(std::string_view name) {
  return !name.empty() && name.size() <= 63 &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
         }) &&
         name.front() != '-' && name.back() != '-';
}

template <class Enum>
void readEnum(YamlMap& map, std::string_view key, Enum& out,
              std::initializer_list<std::pair<std::string_view, Enum>> choices) {
  auto node = map.get(key);
  if (!node) return;
  auto text = yaml::asString(*node);
  std::string allowed;
  for (const auto& [name, value] : choices) {
    if (text && *text == name) {
      out = value;
      return;
    }
    allowed += (allowed.empty() ? "" : " or ") + std::string(name);
  }
  map.file().error(*node, std::string(key) + " must be " + allowed + ", got " + yaml::describe(*node));
}

void readLabor(YamlMap& top, const ParseContext& context, Playbook& playbook) {
  auto node = top.get("labor");
  if (!node) return;
  YamlMap labor(context.file(), *node, "labor");
  if (labor.read("manual_minutes", playbook.manualMinutes) && playbook.manualMinutes < 0) {
    context.error(*labor.get("manual_minutes"), "manual_minutes must not be negative");
  }
  readEnum(labor, "credit", playbook.laborCredit,
           {{"success", LaborCredit::success}, {"changed", LaborCredit::changed}});
  labor.read("basis", playbook.laborBasis);
  labor.finish();
}

void readPolicy(YamlMap& top, const ParseContext& context, Playbook& playbook) {
  auto node = top.get("policy");
  if (!node) return;
  YamlMap policy(context.file(), *node, "policy");
  Policy& p = playbook.policy;
  readEnum(policy, "concurrency", p.concurrency,
           {{"forbid", Concurrency::forbid}, {"queue", Concurrency::queue}});
  if (policy.read("max_runs_per_hour", p.maxRunsPerHour) && p.maxRunsPerHour < 0) {
    context.error(*policy.get("max_runs_per_hour"), "max_runs_per_hour must not be negative");
  }
  if (policy.read("timeout", p.timeout) && p.timeout <= std::chrono::milliseconds(0)) {
    context.error(*policy.get("timeout"), "timeout must be positive");
  }
  readEnum(policy, "approval", p.approval,
           {{"none", Approval::none},
            {"required", Approval::required},
            {"when_overridden", Approval::whenOverridden}});
  std::chrono::milliseconds ttl{};
  if (policy.read("approval_ttl", ttl)) {
    if (ttl <= std::chrono::milliseconds(0)) {
      context.error(*policy.get("approval_ttl"), "approval_ttl must be positive");
    } else {
      p.approvalTtl = ttl;
    }
  }
  policy.finish();
}

// A playbook as far as it could be read, with every problem found in it.
struct Parsed {
  Playbook playbook;
  Diagnostics diagnostics;
  std::optional<SourceLocation> nameAt;  // where a valid name was read
};

Parsed parse(std::string_view text, const std::string& fileName, const Value* configVars) {
  Parsed parsed;
  Diagnostics& diagnostics = parsed.diagnostics;
  Playbook& playbook = parsed.playbook;
  playbook.file = fileName;
  auto root = yaml::parseText(text, fileName);
  if (!root) {
    diagnostics.add(root.error());
    return parsed;
  }
  const yaml::YamlFile file{fileName, diagnostics};
  const ParseContext context(text, file, configVars != nullptr);
  YamlMap top(file, *root, "the playbook");
  if (!top.isMapping()) {
    if (diagnostics.empty()) file.error(*root, "the playbook file is empty");
    return parsed;
  }
  if (auto name = top.require("name")) {
    if (top.read("name", playbook.name)) {
      if (!isPlaybookName(playbook.name)) {
        context.error(*name, "playbook name \"" + playbook.name +
                                 "\" must be lower case letters, digits and - (at most 63)");
      } else {
        parsed.nameAt = file.at(*name);
      }
    }
  }
  top.read("description", playbook.description);
  top.read("description_ja", playbook.descriptionJa);
  readLabor(top, context, playbook);
  const Value own = readVars(top.get("vars").value_or(YAML::Node()), file);
  playbook.vars = configVars != nullptr ? mergeVars(*configVars, own) : own;
  readParams(top, context, playbook);
  readTriggers(top, context, playbook);
  readPolicy(top, context, playbook);
  readSteps(top, context, playbook);
  top.finish();
  return parsed;
}

}  // namespace

std::expected<Playbook, Diagnostics> parsePlaybook(std::string_view text,
                                                   const std::string& fileName,
                                                   const Value* configVars) {
  Parsed parsed = parse(text, fileName, configVars);
  if (!parsed.diagnostics.empty()) return std::unexpected(std::move(parsed.diagnostics));
  return std::move(parsed.playbook);
}

std::expected<std::vector<Playbook>, Diagnostics> loadPlaybooks(
    std::span<const std::filesystem::path> paths, const Value* configVars) {
  Diagnostics diagnostics;
  std::vector<std::filesystem::path> files;
  for (const auto& path : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      std::vector<std::filesystem::path> found;
      for (const auto& entry : std::filesystem::directory_iterator(path, ec)) {
        const auto ext = entry.path().extension();
        if ((ext == ".yaml" || ext == ".yml") && entry.is_regular_file()) {
          found.push_back(entry.path());
        }
      }
      if (ec) diagnostics.add(Error(path.string() + ": " + ec.message()));
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (std::filesystem::exists(path, ec)) {
      files.push_back(path);
    } else {
      diagnostics.add(Error(path.string() + ": no such file or directory"));
    }
  }
  std::vector<Playbook> playbooks;
  std::map<std::string, std::string> nameToFile;
  for (const auto& file : files) {
    auto text = readFileText(file);
    if (!text) {
      diagnostics.add(text.error());
      continue;
    }
    Parsed parsed = parse(*text, file.string(), configVars);
    diagnostics.append(parsed.diagnostics);
    // A name taken twice is reported even when either file has other
    // mistakes, so fixing those does not bring up one more.
    if (parsed.nameAt) {
      auto [it, inserted] = nameToFile.emplace(parsed.playbook.name, file.string());
      if (!inserted) {
        diagnostics.add(*parsed.nameAt, "playbook name \"" + parsed.playbook.name +
                                            "\" is already used by " + it->second);
        continue;
      }
    }
    if (parsed.diagnostics.empty()) playbooks.push_back(std::move(parsed.playbook));
  }
  if (!diagnostics.empty()) return std::unexpected(diagnostics);
  return playbooks;
}

const ParamDefinition* Playbook::findParam(std::string_view paramName) const {
  for (const auto& p : params) {
    if (p.name == paramName) return &p;
  }
  return nullptr;
}

bool Playbook::hasSecrets() const {
  return std::any_of(params.begin(), params.end(), [](const auto& p) { return p.secret; });
}

}  // namespace unyo::playbooks
