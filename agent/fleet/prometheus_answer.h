#pragma once

// Reading the answer of a Prometheus-compatible `/api/v1/query` (Prometheus,
// VictoriaMetrics, Mimir, Thanos Query) to an instant query. The answer
// comes from another machine and is treated as hostile: its size and
// nesting are bounded before it is parsed, every field's type is checked,
// and anything unexpected is an error that says what the store sent —
// never a crash.

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace unyo::agent {

// Bounds on one answer. A prefecture with 200 municipalities, 20 systems
// and a few agents each answers a grouped query with well under 100,000
// series of ~15 JSON values each.
inline constexpr std::size_t kMaxAnswerBytes = 64 * 1024 * 1024;
inline constexpr std::size_t kMaxAnswerValues = 2'000'000;
inline constexpr std::size_t kMaxAnswerDepth = 8;  // a vector answer is 5 deep

struct PromSample {
  std::map<std::string, std::string> labels;
  double value = 0;
};

struct PromVector {
  std::vector<PromSample> samples;  // NaN and infinite values are left out
  std::vector<std::string> warnings;
};

// `body` as the store sent it with HTTP status `httpStatus`. Errors read:
//   "the store answered an error (bad_data): 1:5: parse error: ..."
//   "the store's answer is not JSON (HTTP 502): <html>..."
//   "the store answered HTTP 404 without a Prometheus answer: 404 page not found"
//   "the store's answer has no data.result"
Expected<PromVector> parseVectorAnswer(std::string_view body, int httpStatus);

}  // namespace unyo::agent
