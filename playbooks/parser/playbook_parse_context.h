#pragma once

// Shared by the playbook parser's files (not a public API): the file being
// read, where its errors go, and how to point at a spot inside a scalar.

#include <string>
#include <string_view>
#include <vector>

#include "base/yaml_reader.h"
#include "playbooks/expression/template.h"
#include "playbooks/parser/reference_rules.h"

namespace unyo::playbooks {

class ParseContext {
 public:
  // `allVarsKnown`: false when the agent config's playbooks.vars were not
  // read (see ReferenceRules::allVarsKnown).
  ParseContext(std::string_view text, const yaml::YamlFile& file, bool allVarsKnown = true);

  const yaml::YamlFile& file() const { return file_; }
  bool allVarsKnown() const { return allVarsKnown_; }
  void error(const YAML::Node& node, std::string message) const {
    file_.error(node, std::move(message));
  }

  // The location of character `offset` of a scalar's value: past the opening
  // quote of a quoted scalar; the scalar's start for block scalars (| >),
  // whose lines the offset cannot be mapped onto.
  SourceLocation at(const YAML::Node& scalar, std::size_t offset) const;
  void errorAt(const YAML::Node& scalar, std::size_t offset, std::string message) const;

  // Parses a scalar as a template and checks its references against `rules`.
  std::optional<Template> templateAt(const YAML::Node& scalar, const ReferenceRules& rules) const;
  // Checks references found at `offset`s inside `scalar`.
  void checkReferences(const YAML::Node& scalar, const std::vector<Reference>& references,
                       const ReferenceRules& rules) const;

 private:
  const yaml::YamlFile& file_;
  bool allVarsKnown_ = true;
  std::vector<std::string_view> lines_;
};

struct Playbook;
struct WithNode;
struct ActionDescriptor;

// [a-z_][a-z0-9_]*: the names of params and vars.
bool isParamName(std::string_view name);

// Whether a scalar holds a {{ template }}.
bool hasTemplate(const YAML::Node& node);
// Any YAML value as a WithNode, its strings parsed as templates whose
// references are checked against `rules` (a `with:`, a written-out loop).
WithNode readWithNode(const YAML::Node& node, const ParseContext& context,
                      const ReferenceRules& rules);
// A step's `with:` (null when absent) checked against what `action` takes;
// `step` is where a missing required key is reported without one.
WithNode readStepWith(const YAML::Node* with, const YAML::Node& step,
                      const ActionDescriptor& action, const ParseContext& context,
                      const ReferenceRules& rules);

// The sections, each in its own file.
void readParams(yaml::YamlMap& top, const ParseContext& context, Playbook& playbook);
void readTriggers(yaml::YamlMap& top, const ParseContext& context, Playbook& playbook);
void readSteps(yaml::YamlMap& top, const ParseContext& context, Playbook& playbook);

}  // namespace unyo::playbooks
