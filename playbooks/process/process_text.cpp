// Command lines and process outcomes as text.

#include "playbooks/process/process_text.h"

#include <string.h>

#include "base/duration.h"

namespace unyo::playbooks {
namespace {

bool needsQuotes(std::string_view arg) {
  if (arg.empty()) return true;
  for (const char c : arg) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       std::string_view("@%+=:,./_-").find(c) != std::string_view::npos;
    if (!plain) return true;
  }
  return false;
}

constexpr std::string_view kTruncationMarkerStart = "[... output truncated at ";

}  // namespace

std::string formatCommandLine(std::span<const std::string> argv) {
  std::string out;
  for (const auto& arg : argv) {
    if (!out.empty()) out += ' ';
    if (!needsQuotes(arg)) {
      out += arg;
      continue;
    }
    out += '\'';
    for (const char c : arg) {
      if (c == '\'') {
        out += "'\\''";
      } else {
        out += c;
      }
    }
    out += '\'';
  }
  return out;
}

std::string describeOutcome(const ProcessResult& result, std::chrono::milliseconds timeout) {
  if (result.timedOut) return "timed out after " + formatDuration(timeout);
  if (result.signal != 0) {
    const char* name = ::sigabbrev_np(result.signal);
    return "killed by signal " + std::to_string(result.signal) +
           (name != nullptr ? " (SIG" + std::string(name) + ")" : std::string());
  }
  return "exited with status " + std::to_string(result.exitCode);
}

std::string describeFailure(const ProcessResult& result, std::chrono::milliseconds timeout) {
  std::string text = describeOutcome(result, timeout);
  const std::string excerpt = lastLine(result.stderrText);
  if (!excerpt.empty()) text += ": " + excerpt;
  return text;
}

std::string lastLine(std::string_view text, std::size_t max) {
  while (!text.empty()) {
    const std::size_t newline = text.find_last_of('\n');
    const std::string_view line =
        newline == std::string_view::npos ? text : text.substr(newline + 1);
    text = newline == std::string_view::npos ? std::string_view() : text.substr(0, newline);
    std::string_view trimmed = line;
    while (!trimmed.empty() && (trimmed.back() == '\r' || trimmed.back() == ' ')) {
      trimmed.remove_suffix(1);
    }
    if (trimmed.empty() || trimmed.starts_with(kTruncationMarkerStart)) continue;
    if (trimmed.size() <= max) return std::string(trimmed);
    std::size_t cut = max;  // not inside a UTF-8 character
    while (cut > 0 && (static_cast<unsigned char>(trimmed[cut]) & 0xC0) == 0x80) --cut;
    return std::string(trimmed.substr(0, cut)) + "...";
  }
  return {};
}

}  // namespace unyo::playbooks
