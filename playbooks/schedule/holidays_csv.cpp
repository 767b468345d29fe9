#include "playbooks/schedule/holidays_csv.h"

#include <charconv>
#include <expected>
#include <optional>

#include "playbooks/schedule/text_encoding.h"

namespace unyo::playbooks {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

std::string_view trim(std::string_view text) {
  constexpr std::string_view kBlanks = " \t\r";
  const std::size_t start = text.find_first_not_of(kBlanks);
  if (start == std::string_view::npos) return {};
  return text.substr(start, text.find_last_not_of(kBlanks) - start + 1);
}

bool startsWithDigit(std::string_view text) {
  return !text.empty() && text.front() >= '0' && text.front() <= '9';
}

// A spreadsheet that saved the file may have quoted the fields.
std::string_view unquote(std::string_view field) {
  field = trim(field);
  if (field.size() >= 2 && field.front() == '"' && field.back() == '"') {
    field = trim(field.substr(1, field.size() - 2));
  }
  return field;
}

// Reads a run of 1 to maxDigits digits and the separator after it, if any.
std::optional<int> takeNumber(std::string_view& rest, std::size_t maxDigits, bool last) {
  int value = 0;
  const auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), value);
  const auto digits = static_cast<std::size_t>(end - rest.data());
  if (error != std::errc() || digits == 0 || digits > maxDigits) return std::nullopt;
  rest.remove_prefix(digits);
  if (last) return rest.empty() ? std::optional(value) : std::nullopt;
  if (rest.empty() || (rest.front() != '/' && rest.front() != '-')) return std::nullopt;
  rest.remove_prefix(1);
  return value;
}

// "2026/5/6" as published; "2026-05-06" is accepted too.
std::optional<CivilDate> parseDate(std::string_view text) {
  std::string_view rest = text;
  const auto year = takeNumber(rest, 4, false);
  const auto month = year ? takeNumber(rest, 2, false) : std::nullopt;
  const auto day = month ? takeNumber(rest, 2, true) : std::nullopt;
  if (!day || *year < 1000 || !isValidDate(*year, *month, *day)) return std::nullopt;
  return CivilDate{*year, *month, *day};
}

struct LineProblem {
  int line = 0;
  std::string message;
};

// Calls `each(line, lineNumber)` for every line, without its line end.
template <class Each>
void forEachLine(std::string_view text, Each each) {
  int lineNumber = 0;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t newline = text.find('\n', start);
    const std::size_t end = newline == std::string_view::npos ? text.size() : newline;
    each(text.substr(start, end - start), ++lineNumber);
    start = end + 1;
  }
}

// The whole text as UTF-8, decoding Shift_JIS when it is not UTF-8 already.
std::expected<std::string, LineProblem> toUtf8(std::string_view bytes) {
  if (bytes.starts_with(kUtf8Bom)) bytes.remove_prefix(kUtf8Bom.size());
  if (isValidUtf8(bytes)) return std::string(bytes);
  if (auto decoded = shiftJisToUtf8(bytes)) return std::move(*decoded);
  // Only to name the line: Shift_JIS never uses a line-end byte inside a character.
  LineProblem problem{0, "text is neither UTF-8 nor Shift_JIS"};
  forEachLine(bytes, [&problem](std::string_view line, int lineNumber) {
    if (problem.line == 0 && !shiftJisToUtf8(line)) problem.line = lineNumber;
  });
  return std::unexpected(problem);
}

std::expected<std::vector<Holiday>, LineProblem> parseLines(std::string_view bytes) {
  const auto text = toUtf8(bytes);
  if (!text) return std::unexpected(text.error());
  std::vector<Holiday> holidays;
  std::optional<LineProblem> problem;
  bool seenContent = false;
  forEachLine(*text, [&](std::string_view rawLine, int lineNumber) {
    const std::string_view line = trim(rawLine);
    if (problem || line.empty()) return;
    const std::size_t comma = line.find(',');
    const std::string_view dateText = unquote(line.substr(0, comma));
    const bool firstContent = !seenContent;
    seenContent = true;
    if (firstContent && !startsWithDigit(dateText)) return;  // the header
    const auto date = parseDate(dateText);
    if (!date) {
      problem = LineProblem{lineNumber, "invalid date \"" + std::string(dateText) + "\""};
      return;
    }
    std::string_view name;
    if (comma != std::string_view::npos) {
      const std::string_view rest = line.substr(comma + 1);
      name = unquote(rest.substr(0, rest.find(',')));  // columns after the name are ignored
    }
    holidays.push_back({date->year, date->month, date->day, std::string(name)});
  });
  if (problem) return std::unexpected(std::move(*problem));
  return holidays;
}

}  // namespace

Expected<std::vector<Holiday>> parseHolidaysCsv(std::string_view bytes, std::string_view fileName) {
  auto holidays = parseLines(bytes);
  if (holidays) return std::move(*holidays);
  const LineProblem& problem = holidays.error();
  if (fileName.empty()) {
    return fail("line " + std::to_string(problem.line) + ": " + problem.message);
  }
  return fail(SourceLocation{std::string(fileName), problem.line, 1}, problem.message);
}

}  // namespace unyo::playbooks
