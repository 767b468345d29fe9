#pragma once

// Splits an HTTP request target ("/a%20b?x=1&y") into its decoded path and
// query parameters.

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace unyo::exporter {

struct RequestTarget {
  std::string path;                                        // percent-decoded
  std::vector<std::pair<std::string, std::string>> query;  // decoded, '+' read as space
};

// Accepts origin-form ("/path?query"), absolute-form ("http://host/path")
// and "*". Fails on anything else and on malformed percent escapes.
std::expected<RequestTarget, std::string> parseRequestTarget(std::string_view target);

// Decodes %XX escapes (and '+' as space when `plusIsSpace`); nullopt when an
// escape is malformed.
std::optional<std::string> percentDecode(std::string_view text, bool plusIsSpace = false);

}  // namespace unyo::exporter
