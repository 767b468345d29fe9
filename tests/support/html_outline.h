#pragma once

// A small well-formedness checker for the HTML unyo writes: tags are matched
// with a stack, attributes must be quoted, '&' must start an entity. Void
// elements (meta, br, ...) may be written `<br>` or `<br/>`; other elements
// may only self-close inside <svg>. Names are matched as written. It returns the elements so tests
// can ask what is where; it is not an HTML5 parser.

#include <expected>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace unyo::testing {

struct HtmlElement {
  std::string name;                               // as written (SVG names are case-sensitive)
  std::map<std::string, std::string> attributes;  // values as written (entities not decoded)
  int parent = -1;                                // index into HtmlOutline::elements
  std::string text;                               // the element's own text, as written

  bool hasClass(std::string_view cls) const;
  std::string attribute(const std::string& key) const;  // "" when absent
};

struct HtmlOutline {
  std::vector<HtmlElement> elements;  // in document order

  const HtmlElement* byId(std::string_view id) const;
  // Elements named `name` (with class `cls` when given) anywhere inside the
  // element whose id is `id`.
  std::vector<const HtmlElement*> within(std::string_view id, std::string_view name,
                                         std::string_view cls = {}) const;
  std::vector<const HtmlElement*> named(std::string_view name) const;
};

// The outline of a well-formed document, or the first problem with its line.
std::expected<HtmlOutline, std::string> parseHtmlOutline(std::string_view html);

}  // namespace unyo::testing
