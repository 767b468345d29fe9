#include "playbooks/schedule/cron_field.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <expected>
#include <string>

#include "base/error.h"

namespace unyo::playbooks {
namespace {

using Problem = std::unexpected<std::string>;

bool isWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool isDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) {
    return std::toupper(static_cast<unsigned char>(x)) ==
           std::toupper(static_cast<unsigned char>(y));
  });
}

// Removes and returns the leading run of letters and digits of `rest`.
std::string_view takeWord(std::string_view& rest) {
  const auto end = std::ranges::find_if_not(rest, isWordChar);
  const auto length = static_cast<std::size_t>(end - rest.begin());
  const std::string_view word = rest.substr(0, length);
  rest.remove_prefix(length);
  return word;
}

std::string rangeText(int low, int high) {
  return std::to_string(low) + "-" + std::to_string(high);
}

// Parses one comma-separated item of one field into the values it allows.
class ItemParser {
 public:
  ItemParser(const CronFieldSpec& spec, std::string_view fieldText)
      : spec_(spec), fieldText_(fieldText) {}

  std::expected<std::uint64_t, std::string> parse(std::string_view item) const {
    if (item.empty()) return Problem("empty list item");
    std::string_view rest = item;
    int first = spec_.min;
    int last = spec_.wildcardMax;
    bool isRange = false;
    std::string_view written;  // the range as written, "DEC-JAN"
    if (rest.front() == '*') {
      rest.remove_prefix(1);
    } else {
      const std::string_view word = takeWord(rest);
      if (word.empty()) return Problem(expectedValueProblem(rest));
      auto low = value(word);
      if (!low) return std::unexpected(low.error());
      first = last = *low;
      if (rest.starts_with('-')) {
        rest.remove_prefix(1);
        const std::string_view endWord = takeWord(rest);
        if (endWord.empty()) return Problem("missing end of range after \"-\"");
        auto high = value(endWord);
        if (!high) return std::unexpected(high.error());
        last = *high;
        isRange = true;
        written = item.substr(0, item.size() - rest.size());
      }
    }
    int step = 1;
    if (rest.starts_with('/')) {
      rest.remove_prefix(1);
      auto parsed = this->step(takeWord(rest));
      if (!parsed) return std::unexpected(parsed.error());
      step = *parsed;
      // "5/10" is "5-max/10", as in Vixie cron.
      if (item.front() != '*' && !isRange) last = std::max(first, spec_.wildcardMax);
    }
    if (!rest.empty()) {
      const std::string_view done = item.substr(0, item.size() - rest.size());
      return Problem("unexpected " + inQuotes(rest) + " after " + inQuotes(done));
    }
    // A field whose max is an alias of its min (day-of-week 7 = Sunday = 0)
    // lets a range end on the alias written as min: FRI-SUN is 5-7.
    if (isRange && last == spec_.min && first > last && spec_.max > spec_.wildcardMax) {
      last = spec_.max;
    }
    if (first > last) return Problem("range " + std::string(written) + " ends before it starts");
    std::uint64_t values = 0;
    for (int v = first; v <= last; v += step) values |= std::uint64_t{1} << v;
    return values;
  }

 private:
  std::expected<int, std::string> value(std::string_view word) const {
    if (isDigit(word.front())) {
      int number = 0;
      const auto [end, error] = std::from_chars(word.data(), word.data() + word.size(), number);
      if (end != word.data() + word.size()) return Problem(inQuotes(word) + " is not a number");
      if (error != std::errc() || number < spec_.min || number > spec_.max) {
        return Problem(std::string(word) + " is out of range " + rangeText(spec_.min, spec_.max));
      }
      return number;
    }
    if (spec_.names.empty()) return Problem(inQuotes(word) + " is not a number");
    const auto found = std::ranges::find_if(
        spec_.names, [&](std::string_view name) { return equalsIgnoringCase(name, word); });
    if (found == spec_.names.end()) {
      // Quote the name only when the field holds more than it.
      return Problem(word == fieldText_ ? "unknown name" : "unknown name " + inQuotes(word));
    }
    return spec_.min + static_cast<int>(found - spec_.names.begin());
  }

  std::expected<int, std::string> step(std::string_view word) const {
    if (word.empty()) return Problem("missing step after \"/\"");
    int number = 0;
    const auto [end, error] = std::from_chars(word.data(), word.data() + word.size(), number);
    if (end != word.data() + word.size())
      return Problem("step " + inQuotes(word) + " is not a number");
    const int largest = spec_.wildcardMax - spec_.min + 1;  // "*/60" in minutes: hourly
    if (error != std::errc() || number < 1 || number > largest) {
      return Problem("step " + std::string(word) + " is out of range " + rangeText(1, largest));
    }
    return number;
  }

  std::string expectedValueProblem(std::string_view rest) const {
    const char* what = spec_.names.empty() ? "a number or \"*\"" : "a number, a name or \"*\"";
    return std::string("expected ") + what + " at " + inQuotes(rest);
  }

  const CronFieldSpec& spec_;
  std::string_view fieldText_;
};

}  // namespace

Expected<CronField> parseCronField(std::string_view text, const CronFieldSpec& spec) {
  const ItemParser parser(spec, text);
  CronField field;
  field.startsWithStar = text.starts_with('*');
  std::string_view rest = text;
  for (;;) {
    const std::size_t comma = rest.find(',');
    auto values = parser.parse(rest.substr(0, comma));
    if (!values)
      return fail(std::string(spec.name) + " field " + inQuotes(text) + ": " + values.error());
    field.values |= *values;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (spec.max > spec.wildcardMax && ((field.values >> spec.max) & 1) != 0) {
    field.values &= ~(std::uint64_t{1} << spec.max);
    field.values |= std::uint64_t{1} << spec.min;
  }
  return field;
}

}  // namespace unyo::playbooks
