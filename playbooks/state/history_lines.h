#pragma once

// Reading runs.jsonl: every line is one state of a run, and the last line
// of a run wins. Lines that are not JSON objects with an "id" (a line torn
// by a crash, a hand edit) are counted and skipped, never fatal.
//
// A run's final record (the line that says how it ended) carries its
// finish sequence number, written first so it is read without parsing the
// record: {"seq":12,"created_at":...}. Lines without one are in-flight
// states, or final records written before sequence numbers existed.

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
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

// The record as one line (newline included), "seq" first when it has one.
// Bytes that are not UTF-8 (command output) are replaced.
std::string historyLine(nlohmann::json record);

// The finish sequence number a line carries, or nullopt. A line torn after
// its number still yields it, which errs on the safe side (a number is
// never issued twice).
std::optional<std::uint64_t> lineSeq(std::string_view line);

// Complete lines and the highest sequence number in `text`.
struct SeqScan {
  std::size_t lines = 0;
  std::uint64_t maxSeq = 0;
};
SeqScan scanSeqs(std::string_view text);

}  // namespace unyo::playbooks
