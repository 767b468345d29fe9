#include "playbooks/state/history_lines.h"

#include <algorithm>

namespace unyo::playbooks {

HistoryLines parseHistoryLines(std::string_view text) {
  HistoryLines parsed;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (line.empty()) continue;
    nlohmann::json json = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    const auto id = json.is_object() ? json.find("id") : json.end();
    if (json.is_discarded() || !json.is_object() || id == json.end() || !id->is_string()) {
      ++parsed.malformed;
      continue;
    }
    std::string key = id->get<std::string>();
    auto [slot, inserted] = parsed.latest.try_emplace(key);
    if (inserted) parsed.idsInOrder.push_back(std::move(key));
    slot->second = std::move(json);
  }
  return parsed;
}

std::size_t countNewlines(std::string_view text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace unyo::playbooks
