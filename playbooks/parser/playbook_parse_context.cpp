#include "playbooks/parser/playbook_parse_context.h"

namespace unyo::playbooks {

ParseContext::ParseContext(std::string_view text, const yaml::YamlFile& file, bool allVarsKnown)
    : file_(file), allVarsKnown_(allVarsKnown) {
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = text.find('\n', start);
    lines_.push_back(text.substr(start, end == std::string_view::npos ? text.size() - start
                                                                      : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
}

SourceLocation ParseContext::at(const YAML::Node& scalar, std::size_t offset) const {
  SourceLocation where = file_.at(scalar);
  const auto line = static_cast<std::size_t>(where.line - 1);
  const auto column = static_cast<std::size_t>(where.column - 1);
  if (line >= lines_.size() || column >= lines_[line].size()) return where;
  const char first = lines_[line][column];
  if (first == '|' || first == '>') return where;
  const std::size_t quote = (first == '"' || first == '\'') ? 1 : 0;
  where.column += static_cast<int>(quote + offset);
  return where;
}

void ParseContext::errorAt(const YAML::Node& scalar, std::size_t offset,
                           std::string message) const {
  file_.diagnostics.add(at(scalar, offset), std::move(message));
}

void ParseContext::checkReferences(const YAML::Node& scalar,
                                   const std::vector<Reference>& references,
                                   const ReferenceRules& rules) const {
  for (const auto& reference : references) {
    if (auto problem = checkReference(reference, rules)) {
      errorAt(scalar, reference.offset, *problem);
    }
  }
}

std::optional<Template> ParseContext::templateAt(const YAML::Node& scalar,
                                                 const ReferenceRules& rules) const {
  auto parsed = Template::parseLocated(scalar.Scalar());
  if (!parsed) {
    errorAt(scalar, parsed.error().offset, parsed.error().message);
    return std::nullopt;
  }
  checkReferences(scalar, parsed->references(), rules);
  return std::move(*parsed);
}

}  // namespace unyo::playbooks
