#include "playbooks/expression/template.h"

#include <cctype>

#include "base/error.h"

namespace unyo::playbooks {

namespace {

constexpr std::string_view kOpen = "{{";
constexpr std::string_view kClose = "}}";

bool isSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

bool isNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && isSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && isSpace(text.back())) text.remove_suffix(1);
  return text;
}

std::string joinPath(const std::vector<std::string>& path, std::size_t count) {
  std::string dotted;
  for (std::size_t i = 0; i < count && i < path.size(); ++i) {
    if (i > 0) dotted += '.';
    dotted += path[i];
  }
  return dotted;
}

}  // namespace

std::string Reference::dotted() const { return joinPath(path, path.size()); }

Expected<std::vector<std::string>> parseReferencePath(std::string_view inner) {
  const std::string_view path = trim(inner);
  if (path.empty()) return fail("empty reference (write a name, e.g. {{ params.days }})");
  std::vector<std::string> names;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= path.size(); ++i) {
    if (i < path.size() && path[i] != '.') {
      if (isNameChar(path[i])) continue;
      // Ansible's users reach for Jinja filters first; say there are none.
      const bool filter = path.find('|') != std::string_view::npos;
      return fail("reference " + inQuotes(path) +
                  " is not a dotted path of names (letters, digits, \"_\", \"-\")" +
                  (filter ? "; templates only substitute values, there are no filters" : ""));
    }
    if (i == start) return fail("reference " + inQuotes(path) + " has an empty name");
    names.emplace_back(path.substr(start, i - start));
    start = i + 1;
  }
  if (std::isalpha(static_cast<unsigned char>(names.front().front())) == 0) {
    return fail("reference " + inQuotes(path) + " must start with a letter");
  }
  return names;
}

// What a step outputs depends on how it went (a failed or dry-run step has
// other fields), and labels on how the run was triggered: a missing value
// there reads as empty instead of failing the step that refers to it. The
// step and the label map themselves must exist (checked at load time).
bool mayBeAbsent(const std::vector<std::string>& path, std::size_t missingAt) {
  if (path.empty()) return false;
  if (path[0] == "steps") return path.size() > 3 && path[2] == "output" && missingAt >= 3;
  // A loop over steps.ID.results: item.output.* as steps.ID.output.* reads.
  if (path[0] == "item") return path.size() > 2 && path[1] == "output" && missingAt >= 2;
  if (path[0] == "trigger") {
    return path.size() > 2 && (path[1] == "labels" || path[1] == "alert") && missingAt >= 2;
  }
  return false;
}

Expected<const Value*> resolveReference(const Reference& reference, const Value& scope) {
  static const Value kAbsent;
  const Value* current = &scope;
  for (std::size_t i = 0; i < reference.path.size(); ++i) {
    current = current->find(reference.path[i]);
    if (current != nullptr) continue;
    if (mayBeAbsent(reference.path, i)) return &kAbsent;
    const std::string missing = inQuotes(reference.path[i]);
    if (i == 0) return fail("unknown reference " + inQuotes(reference.dotted()) + ": no " + missing);
    return fail("unknown reference " + inQuotes(reference.dotted()) + ": " +
                inQuotes(joinPath(reference.path, i)) + " has no " + missing);
  }
  return current;
}

Expected<Template> Template::parse(std::string_view text) {
  auto parsed = parseLocated(text);
  if (!parsed) {
    return fail(parsed.error().message + " at offset " + std::to_string(parsed.error().offset));
  }
  return std::move(*parsed);
}

std::expected<Template, Template::ParseError> Template::parseLocated(std::string_view text) {
  Template parsed;
  parsed.text_ = std::string(text);
  std::size_t position = 0;
  while (true) {
    const std::size_t open = text.find(kOpen, position);
    if (open == std::string_view::npos) break;
    const std::size_t close = text.find(kClose, open + kOpen.size());
    if (close == std::string_view::npos) {
      return std::unexpected(ParseError{"unclosed \"{{\"", open});
    }
    auto path = parseReferencePath(text.substr(open + kOpen.size(), close - open - kOpen.size()));
    if (!path) return std::unexpected(ParseError{path.error().message, open});
    parsed.pieces_.push_back(Piece{std::string(text.substr(position, open - position)),
                                   static_cast<int>(parsed.references_.size())});
    parsed.references_.push_back(Reference{std::move(*path), open});
    position = close + kClose.size();
  }
  if (position < text.size() || parsed.pieces_.empty()) {
    parsed.pieces_.push_back(Piece{std::string(text.substr(position)), -1});
  }
  // "  {{ ref }} " keeps the value's type: spaces around it in YAML mean no text.
  const bool onlySpaceAround =
      trim(parsed.pieces_.front().literal).empty() &&
      (parsed.pieces_.size() == 1 || trim(parsed.pieces_.back().literal).empty());
  parsed.single_ = parsed.references_.size() == 1 && onlySpaceAround;
  return parsed;
}

Expected<Value> Template::render(const Value& scope) const {
  if (single_) {
    auto value = resolveReference(references_.front(), scope);
    if (!value) return std::unexpected(std::move(value.error()));
    return **value;
  }
  std::string out;
  for (const Piece& piece : pieces_) {
    out += piece.literal;
    if (piece.reference < 0) continue;
    auto value = resolveReference(references_[static_cast<std::size_t>(piece.reference)], scope);
    if (!value) return std::unexpected(std::move(value.error()));
    out += (*value)->toText();
  }
  return Value(std::move(out));
}

}  // namespace unyo::playbooks
