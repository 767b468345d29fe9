#pragma once

// Bounds on untrusted JSON, checked on the raw text before any recursive
// parser (nlohmann::json::parse recurses once per nesting level) sees it:
// a megabyte of "[[[[…" must be refused, not overflow the stack.

#include <cstddef>
#include <string_view>

#include "base/error.h"

namespace unyo {

struct JsonLimits {
  std::size_t maxDepth = 32;       // nested arrays and objects
  std::size_t maxValues = 10'000;  // scalars, arrays and objects, each counted once
};

// Scans `text` without recursion and without building anything: counts
// nesting and values, skipping string contents (and their escapes). Errors
// (ErrorKind::invalid) name the limit exceeded. It does not validate JSON
// otherwise, cut-off text included: the parser that runs afterwards does,
// with its own words, and it only ever sees text within the limits.
Expected<void> checkJsonLimits(std::string_view text, JsonLimits limits = {});

}  // namespace unyo
