#include "agent/report/markdown_table.h"

#include <algorithm>
#include <cstddef>

namespace unyo::agent {
namespace {

using Row = std::vector<std::string>;

// Columns a monospace font gives to one UTF-8 code point: two for East Asian
// wide and fullwidth characters.
std::size_t codePointWidth(char32_t c) {
  const bool wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
                    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
                    (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
                    (c >= 0xFFE0 && c <= 0xFFE6);
  return wide ? 2 : 1;
}

std::size_t displayWidth(const std::string& text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    char32_t c = lead < 0x80   ? lead
                 : lead < 0xE0 ? lead & 0x1Fu
                 : lead < 0xF0 ? lead & 0x0Fu
                               : lead & 0x07u;
    for (std::size_t k = 1; k < length && i + k < text.size(); ++k) {
      c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
    }
    width += codePointWidth(c);
    i += length;
  }
  return width;
}

// A cell never breaks the table: '|' is escaped, line breaks become spaces.
std::string cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string padded(const std::string& text, std::size_t width, bool right) {
  const std::string padding(width - std::min(width, displayWidth(text)), ' ');
  return right ? padding + text : text + padding;
}

}  // namespace

std::string markdownText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\' || c == '<') out += '\\';
    out += c;
  }
  return out;
}

void appendMarkdownTable(std::string& out, const std::vector<MarkdownColumn>& columns,
                         std::vector<Row> rows) {
  std::vector<std::size_t> widths(columns.size(), 3);
  for (std::size_t i = 0; i < columns.size(); ++i) {
    widths[i] = std::max(widths[i], displayWidth(columns[i].header));
  }
  for (auto& row : rows) {
    for (std::size_t i = 0; i < row.size() && i < columns.size(); ++i) {
      row[i] = cell(row[i]);
      widths[i] = std::max(widths[i], displayWidth(row[i]));
    }
  }
  std::string line = "|";
  std::string rule = "|";
  for (std::size_t i = 0; i < columns.size(); ++i) {
    line += " " + padded(columns[i].header, widths[i], columns[i].numeric) + " |";
    rule += columns[i].numeric ? " " + std::string(widths[i] - 1, '-') + ": |"
                               : " " + std::string(widths[i], '-') + " |";
  }
  out += line + "\n" + rule + "\n";
  for (const auto& row : rows) {
    line = "|";
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const std::string& value = i < row.size() ? row[i] : std::string();
      line += " " + padded(value, widths[i], columns[i].numeric) + " |";
    }
    out += line + "\n";
  }
  out += "\n";
}

}  // namespace unyo::agent
