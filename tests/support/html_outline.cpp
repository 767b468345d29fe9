#include "support/html_outline.h"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <set>

namespace unyo::testing {
namespace {

const std::set<std::string, std::less<>> kVoidElements = {
    "area",  "base", "br",   "col",    "embed", "hr", "img",
    "input", "link", "meta", "source", "track", "wbr"};

bool isNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == ':' || c == '_';
}

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

class Parser {
 public:
  explicit Parser(std::string_view html) : html_(html) {}

  std::expected<HtmlOutline, std::string> parse() {
    while (pos_ < html_.size() && error_.empty()) {
      const std::size_t lt = html_.find('<', pos_);
      text(html_.substr(pos_, lt == std::string_view::npos ? std::string_view::npos : lt - pos_));
      if (lt == std::string_view::npos || !error_.empty()) break;
      pos_ = lt;
      markup();
    }
    if (error_.empty() && !stack_.empty()) {
      fail("<" + outline_.elements[static_cast<std::size_t>(stack_.back())].name +
           "> is never closed");
    }
    if (!error_.empty()) return std::unexpected(error_);
    return std::move(outline_);
  }

 private:
  void fail(const std::string& message) {
    if (!error_.empty()) return;
    const auto line =
        std::count(html_.begin(),
                   html_.begin() + static_cast<std::ptrdiff_t>(std::min(pos_, html_.size())),
                   '\n') +
        1;
    error_ = "line " + std::to_string(line) + ": " + message;
  }

  // Text must not hold a bare '&' (it starts an entity: &name; or &#123; or &#x1F;).
  bool entitiesValid(std::string_view s) {
    for (std::size_t i = s.find('&'); i != std::string_view::npos; i = s.find('&', i + 1)) {
      std::size_t j = i + 1;
      if (j < s.size() && s[j] == '#') ++j;
      if (j < s.size() && s[j] == 'x' && s[i + 1] == '#') ++j;
      const std::size_t start = j;
      while (j < s.size() && std::isalnum(static_cast<unsigned char>(s[j])) != 0) ++j;
      if (j == start || j >= s.size() || s[j] != ';') return false;
    }
    return true;
  }

  void text(std::string_view s) {
    if (!entitiesValid(s))
      return fail("a bare '&' in text: \"" + std::string(s.substr(0, 40)) + "\"");
    if (!stack_.empty()) outline_.elements[static_cast<std::size_t>(stack_.back())].text += s;
  }

  bool insideSvg() const {
    return std::any_of(stack_.begin(), stack_.end(), [&](int i) {
      return outline_.elements[static_cast<std::size_t>(i)].name == "svg";
    });
  }

  void markup() {
    if (html_.substr(pos_).starts_with("<!--")) {
      const std::size_t end = html_.find("-->", pos_);
      if (end == std::string_view::npos) return fail("an unclosed comment");
      pos_ = end + 3;
    } else if (html_.substr(pos_).starts_with("<!")) {
      const std::size_t end = html_.find('>', pos_);
      if (end == std::string_view::npos) return fail("an unclosed declaration");
      pos_ = end + 1;
    } else if (html_.substr(pos_).starts_with("</")) {
      closeTag();
    } else {
      openTag();
    }
  }

  std::string name() {
    const std::size_t start = pos_;
    while (pos_ < html_.size() && isNameChar(html_[pos_])) ++pos_;
    return std::string(html_.substr(start, pos_ - start));
  }

  void skipSpace() {
    while (pos_ < html_.size() && isSpace(html_[pos_])) ++pos_;
  }

  void closeTag() {
    pos_ += 2;
    const std::string tag = name();
    skipSpace();
    if (pos_ >= html_.size() || html_[pos_] != '>') return fail("a malformed </" + tag + ">");
    ++pos_;
    if (kVoidElements.contains(tag)) return fail("</" + tag + "> closes a void element");
    if (stack_.empty()) return fail("</" + tag + "> closes nothing");
    const std::string& open = outline_.elements[static_cast<std::size_t>(stack_.back())].name;
    if (open != tag) return fail("</" + tag + "> closes <" + open + ">");
    stack_.pop_back();
  }

  void openTag() {
    ++pos_;
    HtmlElement element;
    element.name = name();
    if (element.name.empty()) return fail("a '<' that starts no tag");
    element.parent = stack_.empty() ? -1 : stack_.back();
    bool selfClosed = false;
    while (true) {
      skipSpace();
      if (pos_ >= html_.size()) return fail("<" + element.name + " is never finished");
      if (html_.substr(pos_).starts_with("/>")) {
        selfClosed = true;
        pos_ += 2;
        break;
      }
      if (html_[pos_] == '>') {
        ++pos_;
        break;
      }
      const std::string key = name();
      if (key.empty()) return fail("a stray character in <" + element.name + ">");
      std::string value;
      if (pos_ < html_.size() && html_[pos_] == '=') {
        ++pos_;
        const char quote = pos_ < html_.size() ? html_[pos_] : '\0';
        if (quote != '"' && quote != '\'') return fail("attribute " + key + " is not quoted");
        const std::size_t end = html_.find(quote, pos_ + 1);
        if (end == std::string_view::npos) return fail("attribute " + key + " is never closed");
        value = std::string(html_.substr(pos_ + 1, end - pos_ - 1));
        pos_ = end + 1;
        if (value.find('<') != std::string::npos || !entitiesValid(value)) {
          return fail("attribute " + key + " holds an unescaped '<' or '&'");
        }
      }
      if (!element.attributes.emplace(key, value).second)
        return fail("attribute " + key + " twice");
    }
    const bool isVoid = kVoidElements.contains(element.name);
    if (selfClosed && !isVoid && !insideSvg() && element.name != "svg") {
      return fail("<" + element.name + "/> is not a void element");
    }
    const std::string tag = element.name;
    outline_.elements.push_back(std::move(element));
    if (selfClosed || isVoid) return;
    stack_.push_back(static_cast<int>(outline_.elements.size() - 1));
    if (tag == "style" || tag == "script") {  // raw text up to the closing tag
      const std::size_t end = html_.find("</" + tag, pos_);
      if (end == std::string_view::npos) return fail("<" + tag + "> is never closed");
      outline_.elements.back().text = std::string(html_.substr(pos_, end - pos_));
      pos_ = end;
    }
  }

  std::string_view html_;
  std::size_t pos_ = 0;
  HtmlOutline outline_;
  std::vector<int> stack_;
  std::string error_;
};

}  // namespace

bool HtmlElement::hasClass(std::string_view cls) const {
  const std::string classes = " " + attribute("class") + " ";
  return classes.find(" " + std::string(cls) + " ") != std::string::npos;
}

std::string HtmlElement::attribute(const std::string& key) const {
  const auto it = attributes.find(key);
  return it == attributes.end() ? std::string() : it->second;
}

const HtmlElement* HtmlOutline::byId(std::string_view id) const {
  for (const auto& element : elements) {
    if (element.attribute("id") == id) return &element;
  }
  return nullptr;
}

std::vector<const HtmlElement*> HtmlOutline::within(std::string_view id, std::string_view name,
                                                    std::string_view cls) const {
  const HtmlElement* root = byId(id);
  std::vector<const HtmlElement*> found;
  if (root == nullptr) return found;
  const int rootIndex = static_cast<int>(root - elements.data());
  for (const auto& element : elements) {
    if (element.name != name || (!cls.empty() && !element.hasClass(cls))) continue;
    for (int p = element.parent; p >= 0; p = elements[static_cast<std::size_t>(p)].parent) {
      if (p == rootIndex) {
        found.push_back(&element);
        break;
      }
    }
  }
  return found;
}

std::expected<HtmlOutline, std::string> parseHtmlOutline(std::string_view html) {
  return Parser(html).parse();
}

std::vector<const HtmlElement*> HtmlOutline::named(std::string_view name) const {
  std::vector<const HtmlElement*> found;
  for (const auto& element : elements) {
    if (element.name == name) found.push_back(&element);
  }
  return found;
}

}  // namespace unyo::testing
