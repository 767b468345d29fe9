#pragma once

// A string with {{ reference }} placeholders, parsed once when the playbook
// loads. Templates only substitute values: a reference is a dotted path
// into the run's scope (params.days, steps.purge.output.files_deleted,
// steps.space.failed, run.id, run.error, playbook.name, identity.lg_code,
// trigger.labels.mountpoint). No expressions, filters or shell: the result
// is data handed to an action, never code.
//
//   "{{ params.days }}d"      -> "30d"           (text with a value in it)
//   "{{ steps.space.failed }}" -> true (a Value) (one whole reference keeps its type)

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "playbooks/value.h"

namespace unyo::playbooks {

struct Reference {
  std::vector<std::string> path;  // {"steps", "purge", "output", "files_deleted"}
  std::size_t offset = 0;         // where the reference starts in the template text (0-based)

  std::string dotted() const;  // "steps.purge.output.files_deleted"
};

// The inside of "{{ }}" (surrounding spaces allowed) as a path: names of
// [A-Za-z0-9_-], separated by dots, the first starting with a letter. The
// error message has no location; the caller knows where `inner` sits.
// Expressions read their "{{ }}" with it too, so both agree on the syntax.
Expected<std::vector<std::string>> parseReferencePath(std::string_view inner);

// Looks `reference` up in `scope`. The error names the reference and the
// first name that is missing:
//   unknown reference "steps.x.output.y": "steps.x" has no "output"
// Except where a value may legitimately be absent, which reads as null
// (empty in text): a field under steps.ID.output (a failed or dry-run step
// outputs other fields) or item.output (the same, in a loop over
// steps.ID.results) and under trigger.labels / trigger.alert (a scheduled
// run has no labels).
Expected<const Value*> resolveReference(const Reference& reference, const Value& scope);

class Template {
 public:
  // What is wrong with a template's text and where: `offset` (0-based) is
  // where the bad "{{" starts, for the caller to turn into a column.
  struct ParseError {
    std::string message;
    std::size_t offset = 0;
  };
  // Errors: an unclosed "{{", an empty reference, a reference that is not a
  // dotted path of [A-Za-z0-9_-] names (a filter such as "| upper" says so).
  static std::expected<Template, ParseError> parseLocated(std::string_view text);
  // The same, with " at offset N" in the message, for callers that have no
  // position to point at.
  static Expected<Template> parse(std::string_view text);

  const std::string& text() const { return text_; }
  const std::vector<Reference>& references() const { return references_; }
  bool hasReferences() const { return !references_.empty(); }
  // A lone "{{ ref }}": renders to the value itself, a list included.
  bool isSingleReference() const { return single_; }

  // A lone "{{ ref }}" (surrounding spaces allowed) yields the referenced
  // value itself; anything else yields a string with each reference
  // replaced by its toText(). A reference the scope lacks is an error
  // naming it.
  Expected<Value> render(const Value& scope) const;

 private:
  struct Piece {
    std::string literal;  // text before the reference
    int reference = -1;   // index into references_, -1 for trailing text
  };
  std::string text_;
  std::vector<Reference> references_;
  std::vector<Piece> pieces_;
  bool single_ = false;
};

}  // namespace unyo::playbooks
