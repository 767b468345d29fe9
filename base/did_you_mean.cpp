#include "base/did_you_mean.h"

#include <algorithm>
#include <cctype>
#include <optional>

namespace unyo {
namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// Optimal string alignment distance, ignoring case: insertions, deletions,
// substitutions and transpositions of neighbours ("dri" -> "dir") each cost
// one. Names are short (keys, actions); two rows would do, a table is clearer.
std::size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
          lower(a[i - 2]) == lower(b[j - 1])) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

bool isTypo(std::size_t distance, std::string_view a, std::string_view b) {
  return distance <= 3 && distance * 2 < std::max(a.size(), b.size());
}

// Hostile input (a key of a megabyte) must not cost a quadratic table:
// nothing that long is a typo of a name.
constexpr std::size_t kMaxComparedLength = 128;

// The candidate with the smallest distance that `accept` takes; the first on ties.
template <class Accept>
std::optional<std::string_view> nearest(std::string_view word,
                                        std::span<const std::string_view> candidates,
                                        Accept accept) {
  std::optional<std::string_view> best;
  std::size_t bestDistance = 0;
  for (std::string_view candidate : candidates) {
    if (candidate.size() > kMaxComparedLength) continue;
    const std::size_t d = editDistance(word, candidate);
    if (!accept(d, candidate)) continue;
    if (!best || d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

// "http" for "http.get"; "" when there is no dot.
std::string_view family(std::string_view name) {
  const std::size_t dot = name.find('.');
  return dot == std::string_view::npos ? std::string_view() : name.substr(0, dot + 1);
}

std::vector<std::string_view> views(std::span<const std::string> names) {
  return {names.begin(), names.end()};
}

}  // namespace

std::string closestMatch(std::string_view word, std::span<const std::string_view> candidates) {
  if (word.empty() || word.size() > kMaxComparedLength) return "";
  auto typo = nearest(word, candidates,
                      [&](std::size_t d, std::string_view c) { return isTypo(d, word, c); });
  if (typo) return std::string(*typo);
  if (const std::string_view prefix = family(word); !prefix.empty()) {
    auto sibling = nearest(word, candidates,
                           [&](std::size_t, std::string_view c) { return c.starts_with(prefix); });
    if (sibling) return std::string(*sibling);
  }
  if (word.size() >= 3) {
    std::optional<std::string_view> only;
    for (std::string_view c : candidates) {
      if (!c.starts_with(word)) continue;
      if (only) return "";  // several: no way to tell which was meant
      only = c;
    }
    if (only) return std::string(*only);
  }
  return "";
}

std::string closestMatch(std::string_view word, std::span<const std::string> candidates) {
  const auto names = views(candidates);
  return closestMatch(word, std::span<const std::string_view>(names));
}

std::string didYouMean(std::string_view word, std::span<const std::string_view> candidates) {
  const std::string guess = closestMatch(word, candidates);
  return guess.empty() ? "" : " (did you mean \"" + guess + "\"?)";
}

std::string didYouMean(std::string_view word, std::span<const std::string> candidates) {
  const auto names = views(candidates);
  return didYouMean(word, std::span<const std::string_view>(names));
}

std::string listNames(std::span<const std::string_view> names) {
  std::string out;
  for (std::string_view name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

std::string listNames(std::span<const std::string> names) {
  const auto list = views(names);
  return listNames(std::span<const std::string_view>(list));
}

}  // namespace unyo
