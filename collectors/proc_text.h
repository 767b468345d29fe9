#pragma once

// Small allocation-free helpers for the line-and-field text of procfs and
// sysfs. Every collector parses with these instead of iostreams or regex:
// a scrape must cost a fraction of node_exporter's CPU.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace unyo::collectors {

// Pops the next line off `text` (without its '\n'); false when text is used up.
bool popLine(std::string_view& text, std::string_view& line);

// Pops the next field separated by spaces or tabs; false when none is left.
bool popField(std::string_view& line, std::string_view& field);

// Fills `out` with the first out.size() fields of `line`; returns how many
// fields the line has, which may be more than out.size().
std::size_t splitFields(std::string_view line, std::span<std::string_view> out);

// Whole-string parses: any leftover character makes them fail.
std::optional<std::uint64_t> parseUnsigned(std::string_view text);
std::optional<double> parseNumber(std::string_view text);

// Without leading and trailing spaces, tabs and newlines.
std::string_view trimSpace(std::string_view text);

}  // namespace unyo::collectors
