#include "base/json_limits.h"

#include <string>
#include <vector>

namespace unyo {
namespace {

bool isScalarChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
         c == '+' || c == '-';
}

Expected<void> tooDeep(std::size_t limit) {
  return fail("the JSON is nested deeper than " + std::to_string(limit) + " levels",
              ErrorKind::invalid);
}

Expected<void> tooMany(std::size_t limit) {
  return fail("the JSON holds more than " + std::to_string(limit) + " values",
              ErrorKind::invalid);
}

}  // namespace

Expected<void> checkJsonLimits(std::string_view text, JsonLimits limits) {
  std::vector<bool> inObject;  // one entry per open array (false) or object (true)
  inObject.reserve(limits.maxDepth);
  bool expectKey = false;  // the next string is an object's key, not a value
  std::size_t values = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '[':
      case '{':
        if (++values > limits.maxValues) return tooMany(limits.maxValues);
        if (inObject.size() >= limits.maxDepth) return tooDeep(limits.maxDepth);
        inObject.push_back(c == '{');
        expectKey = c == '{';
        break;
      case ']':
      case '}':
        if (!inObject.empty()) inObject.pop_back();
        expectKey = false;
        break;
      case ',':
        expectKey = !inObject.empty() && inObject.back();
        break;
      case ':':
        expectKey = false;
        break;
      case '"': {
        if (!expectKey && ++values > limits.maxValues) return tooMany(limits.maxValues);
        expectKey = false;
        // Skip to the closing quote; a backslash escapes the next character.
        ++i;
        while (i < text.size() && text[i] != '"') i += text[i] == '\\' ? 2u : 1u;
        break;  // a string cut off at the end: the parser says so
      }
      default:
        if (isScalarChar(c)) {  // a number or literal: counted once, at its first character
          if (++values > limits.maxValues) return tooMany(limits.maxValues);
          while (i + 1 < text.size() && isScalarChar(text[i + 1])) ++i;
        }
        // Whitespace, and anything else the parser that runs next rejects.
        break;
    }
  }
  return {};  // an array or object left open is the parser's to report
}

}  // namespace unyo
