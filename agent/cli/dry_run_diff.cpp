#include "agent/cli/dry_run_diff.h"

#include <cstdint>

namespace unyo::agent {
namespace {

using playbooks::Value;

std::string joined(const Value& list) {
  std::string out;
  for (const auto& item : list.asList()) out += (out.empty() ? "" : " ") + item.toText();
  return out;
}

// `text` split at its newlines; every line after the first starts with
// `indent`.
void appendLines(const std::string& text, const std::string& indent,
                 std::vector<std::string>& lines) {
  std::size_t start = 0;
  for (bool first = true;; first = false) {
    const std::size_t end = text.find('\n', start);
    const std::string line =
        text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    lines.push_back(first ? line : indent + line);
    if (end == std::string::npos) break;
    start = end + 1;
  }
}

std::int64_t integerAt(const Value& output, std::string_view key) {
  const Value* value = output.find(key);
  return value != nullptr && value->isInt() ? value->asInt() : 0;
}

void fileDeletions(const Value& output, std::vector<std::string>& lines) {
  const Value* sample = output.find("sample");
  if (sample == nullptr || !sample->isList()) return;
  for (const auto& path : sample->asList()) lines.push_back("delete " + path.toText());
  const std::int64_t listed = static_cast<std::int64_t>(sample->asList().size());
  const std::int64_t more = integerAt(output, "would_delete") - listed;
  if (more > 0) {
    lines.push_back("... and " + std::to_string(more) + " more file" + (more == 1 ? "" : "s") +
                    " (the first " + std::to_string(listed) + " are listed)");
  }
  const std::int64_t dirs = integerAt(output, "would_remove_dirs");
  if (dirs > 0) {
    lines.push_back("remove " + std::to_string(dirs) + " emptied folder" + (dirs == 1 ? "" : "s"));
  }
}

void outputLines(const Value& output, std::vector<std::string>& lines) {
  if (output.find("would_delete") != nullptr) fileDeletions(output, lines);
  if (const Value* argv = output.find("would_run"); argv != nullptr && argv->isList()) {
    // A script argument spans lines: its continuation lines are indented
    // under the command.
    appendLines("run " + joined(*argv), "    ", lines);
  }
  if (const Value* body = output.find("would_send"); body != nullptr) {
    const Value* url = output.find("url");
    lines.push_back("send to " + (url != nullptr ? url->toText() : std::string("?")) + ":");
    // The payload as it would go, line by line, so a multi-line message
    // reads as it will arrive.
    appendLines("  " + body->toText(), "  ", lines);
  }
}

}  // namespace

std::vector<std::string> dryRunDiffLines(const playbooks::StepRecord& step) {
  std::vector<std::string> lines;
  if (!step.dryRun || step.status == playbooks::StepStatus::skipped) return lines;
  if (!step.looped) {
    outputLines(step.output, lines);
    return lines;
  }
  // A loop step: each item's changes under the item they belong to.
  for (const auto& item : step.items) {
    if (item.status == playbooks::StepStatus::skipped) continue;
    std::vector<std::string> itemLines;
    outputLines(item.output, itemLines);
    if (itemLines.empty()) continue;
    lines.push_back("item " + item.item.toText() + ":");
    for (auto& line : itemLines) lines.push_back("  " + std::move(line));
  }
  return lines;
}

}  // namespace unyo::agent
