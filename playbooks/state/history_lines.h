#pragma once

// Reading runs.jsonl: every line is one state of a run, and the last line
// of a run wins. Lines that are not JSON objects with an "id" (a line torn
// by a crash, a hand edit) are counted and skipped, never fatal.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace unyo::playbooks {

struct HistoryLines {
  std::vector<std::string> idsInOrder;  // by first appearance, i.e. by creation
  std::unordered_map<std::string, nlohmann::json> latest;
  std::size_t malformed = 0;
};

HistoryLines parseHistoryLines(std::string_view text);

// The number of complete lines (newlines) in `text`.
std::size_t countNewlines(std::string_view text);

}  // namespace unyo::playbooks
