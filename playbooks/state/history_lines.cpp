#include "playbooks/state/history_lines.h"

#include <algorithm>
#include <charconv>

namespace unyo::playbooks {
namespace {

constexpr std::string_view kSeqPrefix = "{\"seq\":";

std::string dumpJson(const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Calls `onLine` with every line, the last one even without its newline.
template <class OnLine>
void forEachLine(std::string_view text, OnLine onLine) {
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    onLine(text.substr(0, end));
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  }
}

}  // namespace

HistoryLines parseHistoryLines(std::string_view text) {
  HistoryLines parsed;
  forEachLine(text, [&](std::string_view line) {
    if (line.empty()) return;
    nlohmann::json json = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    const auto id = json.is_object() ? json.find("id") : json.end();
    if (json.is_discarded() || !json.is_object() || id == json.end() || !id->is_string()) {
      ++parsed.malformed;
      return;
    }
    std::string key = id->get<std::string>();
    auto [slot, inserted] = parsed.latest.try_emplace(key);
    if (inserted) parsed.idsInOrder.push_back(std::move(key));
    slot->second = std::move(json);
  });
  return parsed;
}

std::size_t countNewlines(std::string_view text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

std::string historyLine(nlohmann::json record) {
  const auto seq = record.is_object() ? record.find("seq") : record.end();
  if (seq == record.end()) return dumpJson(record) + "\n";
  const std::string number = dumpJson(*seq);
  record.erase(seq);
  const std::string rest = dumpJson(record);  // "{...}"
  return std::string(kSeqPrefix) + number + (rest.size() > 2 ? "," : "") + rest.substr(1) + "\n";
}

std::optional<std::uint64_t> lineSeq(std::string_view line) {
  if (line.starts_with(kSeqPrefix)) {
    const std::string_view digits = line.substr(kSeqPrefix.size());
    std::uint64_t seq = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), seq);
    if (ec == std::errc() && end != digits.data()) return seq;
    return std::nullopt;
  }
  // Not written by historyLine (a hand edit): parse it to be sure.
  if (line.find("\"seq\"") == std::string_view::npos) return std::nullopt;
  const auto json = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return std::nullopt;
  const auto seq = json.find("seq");
  if (seq == json.end() || !seq->is_number_unsigned()) return std::nullopt;
  return seq->get<std::uint64_t>();
}

SeqScan scanSeqs(std::string_view text) {
  SeqScan scan;
  scan.lines = countNewlines(text);
  forEachLine(text, [&](std::string_view line) {
    if (auto seq = lineSeq(line)) scan.maxSeq = std::max(scan.maxSeq, *seq);
  });
  return scan;
}

}  // namespace unyo::playbooks
