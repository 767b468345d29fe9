#include "agent/cost/ledger_entries.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "base/civil_time.h"

namespace unyo::agent {
namespace {

using nlohmann::json;

json numberMap(const std::map<std::string, double>& values) {
  json out = json::object();
  for (const auto& [key, value] : values) out[key] = value;
  return out;
}

// Reads an optional object of numbers; throws json errors on a bad shape,
// which the *FromJson functions turn into an Error.
std::map<std::string, double> readNumberMap(const json& parent, const char* key) {
  std::map<std::string, double> out;
  if (!parent.contains(key)) return out;
  for (const auto& [name, value] : parent.at(key).items()) out[name] = value.get<double>();
  return out;
}

json cursorJson(const NetworkCursor& cursor) {
  return {{"boot_time", cursor.bootTimeUnix}, {"transmit_bytes", numberMap(cursor.transmitBytes)}};
}

NetworkCursor readCursor(const json& object) {
  NetworkCursor cursor;
  cursor.bootTimeUnix = object.at("boot_time").get<double>();
  cursor.transmitBytes = readNumberMap(object, "transmit_bytes");
  return cursor;
}

json daysJson(const std::map<std::string, DayTotals>& days) {
  json out = json::object();
  for (const auto& [day, totals] : days) out[day] = toJson(totals);
  return out;
}

std::map<std::string, DayTotals> readDays(const json& parent) {
  std::map<std::string, DayTotals> days;
  for (const auto& [day, totals] : parent.at("days").items()) {
    if (!isLedgerDate(day)) throw std::invalid_argument("bad day \"" + day + "\"");
    auto parsed = dayTotalsFromJson(totals);
    if (!parsed) throw std::invalid_argument(parsed.error().message);
    days[day] = std::move(*parsed);
  }
  return days;
}

template <class Parse>
auto guarded(const char* what, Parse parse) -> Expected<decltype(parse())> {
  try {
    return parse();
  } catch (const std::exception& e) {
    return fail(std::string("bad ") + what + ": " + e.what());
  }
}

}  // namespace

void DayTotals::add(const DayTotals& other) {
  for (const auto& [key, value] : other.costYen) costYen[key] += value;
  instanceHours += other.instanceHours;
  for (const auto& [key, value] : other.storageGibHours) storageGibHours[key] += value;
  for (const auto& [key, value] : other.egressBytes) egressBytes[key] += value;
  for (const auto& [name, theirs] : other.labor) labor[name].add(theirs);
}

void LaborTotals::add(const LaborTotals& other) {
  runs += other.runs;
  successes += other.successes;
  credited += other.credited;
  minutes += other.minutes;
  yen += other.yen;
  assistedCredited += other.assistedCredited;
  assistedMinutes += other.assistedMinutes;
  assistedYen += other.assistedYen;
  for (const auto& failed : other.failures) {
    if (failures.size() >= kMaxFailedRunsPerDay) break;
    failures.push_back(failed);
  }
}

bool DayTotals::empty() const {
  return costYen.empty() && instanceHours == 0 && storageGibHours.empty() && egressBytes.empty() &&
         labor.empty();
}

void addRun(DayTotals& day, const RunRecordLine& run) {
  auto& labor = day.labor[run.playbook];
  labor.runs += 1;
  if (run.result == "success") labor.successes += 1;
  if (run.result != "success" && labor.failures.size() < kMaxFailedRunsPerDay) {
    labor.failures.push_back({run.runId, run.result, run.error});
  }
  if (!run.credited) return;
  if (run.trigger == "manual") {
    labor.assistedCredited += 1;
    labor.assistedMinutes += run.minutes;
    labor.assistedYen += run.yen;
  } else {
    labor.credited += 1;
    labor.minutes += run.minutes;
    labor.yen += run.yen;
  }
}

nlohmann::json toJson(const DayTotals& totals) {
  json out = json::object();
  if (!totals.costYen.empty()) out["cost_yen"] = numberMap(totals.costYen);
  if (totals.instanceHours != 0) out["instance_hours"] = totals.instanceHours;
  if (!totals.storageGibHours.empty()) {
    out["storage_gib_hours"] = numberMap(totals.storageGibHours);
  }
  if (!totals.egressBytes.empty()) out["egress_bytes"] = numberMap(totals.egressBytes);
  if (!totals.labor.empty()) {
    json labor = json::object();
    for (const auto& [name, l] : totals.labor) {
      json entry = {{"runs", l.runs},       {"successes", l.successes}, {"credited", l.credited},
                    {"minutes", l.minutes}, {"yen", l.yen}};
      if (l.assistedCredited > 0 || l.assistedMinutes != 0) {
        entry["assisted_credited"] = l.assistedCredited;
        entry["assisted_minutes"] = l.assistedMinutes;
        entry["assisted_yen"] = l.assistedYen;
      }
      if (!l.failures.empty()) {
        json failures = json::array();
        for (const auto& f : l.failures) {
          failures.push_back({{"run_id", f.runId}, {"result", f.result}, {"error", f.error}});
        }
        entry["failures"] = std::move(failures);
      }
      labor[name] = std::move(entry);
    }
    out["labor"] = std::move(labor);
  }
  return out;
}

nlohmann::json toJson(const CostRecord& record) {
  return {{"kind", "cost"},
          {"to", record.toUnix},
          {"cursor", cursorJson(record.cursor)},
          {"days", daysJson(record.days)}};
}

nlohmann::json toJson(const RunRecordLine& record) {
  json out = {{"kind", "run"},         {"day", record.day},       {"playbook", record.playbook},
              {"run_id", record.runId}, {"result", record.result}, {"credited", record.credited},
              {"minutes", record.minutes}, {"yen", record.yen}};
  if (!record.trigger.empty()) out["trigger"] = record.trigger;
  if (!record.error.empty()) out["error"] = record.error;
  if (record.seq > 0) out["seq"] = record.seq;
  return out;
}

nlohmann::json toJson(const DaySummaryRecord& record) {
  json out = {{"kind", "summary"}, {"file", record.file}, {"days", daysJson(record.days)}};
  if (record.lastRunSeq > 0) out["last_run_seq"] = record.lastRunSeq;
  if (record.lastAccrualUnix) out["to"] = *record.lastAccrualUnix;
  if (record.cursor) out["cursor"] = cursorJson(*record.cursor);
  return out;
}

Expected<DayTotals> dayTotalsFromJson(const nlohmann::json& json) {
  return guarded("day totals", [&] {
    if (!json.is_object()) throw std::invalid_argument("not an object");
    DayTotals totals;
    totals.costYen = readNumberMap(json, "cost_yen");
    totals.instanceHours = json.value("instance_hours", 0.0);
    totals.storageGibHours = readNumberMap(json, "storage_gib_hours");
    totals.egressBytes = readNumberMap(json, "egress_bytes");
    if (json.contains("labor")) {
      for (const auto& [name, l] : json.at("labor").items()) {
        LaborTotals labor;
        labor.runs = l.at("runs").get<std::int64_t>();
        labor.successes = l.at("successes").get<std::int64_t>();
        // Before labor.credit, every success was credited.
        labor.credited = l.value("credited", labor.successes);
        labor.minutes = l.at("minutes").get<double>();
        labor.yen = l.at("yen").get<double>();
        labor.assistedCredited = l.value("assisted_credited", std::int64_t{0});
        labor.assistedMinutes = l.value("assisted_minutes", 0.0);
        labor.assistedYen = l.value("assisted_yen", 0.0);
        if (l.contains("failures")) {
          for (const auto& f : l.at("failures")) {
            if (labor.failures.size() >= kMaxFailedRunsPerDay) break;
            labor.failures.push_back({f.at("run_id").get<std::string>(),
                                      f.at("result").get<std::string>(),
                                      f.at("error").get<std::string>()});
          }
        }
        totals.labor[name] = std::move(labor);
      }
    }
    return totals;
  });
}

Expected<CostRecord> costRecordFromJson(const nlohmann::json& json) {
  return guarded("cost record", [&] {
    CostRecord record;
    record.toUnix = json.at("to").get<double>();
    record.cursor = readCursor(json.at("cursor"));
    record.days = readDays(json);
    return record;
  });
}

Expected<RunRecordLine> runRecordFromJson(const nlohmann::json& json) {
  return guarded("run record", [&] {
    RunRecordLine record;
    record.day = json.at("day").get<std::string>();
    if (!isLedgerDate(record.day)) throw std::invalid_argument("bad day \"" + record.day + "\"");
    record.playbook = json.at("playbook").get<std::string>();
    record.runId = json.value("run_id", "");
    record.seq = json.value("seq", std::uint64_t{0});
    record.result = json.at("result").get<std::string>();
    record.trigger = json.value("trigger", "");
    record.error = json.value("error", "");
    record.credited = json.at("credited").get<bool>();
    record.minutes = json.at("minutes").get<double>();
    record.yen = json.at("yen").get<double>();
    return record;
  });
}

Expected<DaySummaryRecord> daySummaryFromJson(const nlohmann::json& json) {
  return guarded("day summary", [&] {
    DaySummaryRecord record;
    record.file = json.at("file").get<std::string>();
    record.lastRunSeq = json.value("last_run_seq", std::uint64_t{0});
    if (!isLedgerDate(record.file)) throw std::invalid_argument("bad file \"" + record.file + "\"");
    if (json.contains("to")) record.lastAccrualUnix = json.at("to").get<double>();
    if (json.contains("cursor")) record.cursor = readCursor(json.at("cursor"));
    record.days = readDays(json);
    return record;
  });
}

std::string isoDate(const unyo::CivilDate& date) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", date.year, date.month, date.day);
  return text;
}

std::optional<unyo::CivilDate> parseIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8};
  const std::size_t lengths[3] = {4, 2, 2};
  for (int i = 0; i < 3; ++i) {
    for (std::size_t k = 0; k < lengths[i]; ++k) {
      const char c = text[starts[i] + k];
      if (c < '0' || c > '9') return std::nullopt;
      parts[i] = parts[i] * 10 + (c - '0');
    }
  }
  if (!unyo::isValidDate(parts[0], parts[1], parts[2])) return std::nullopt;
  return unyo::CivilDate{parts[0], parts[1], parts[2]};
}

}  // namespace unyo::agent
