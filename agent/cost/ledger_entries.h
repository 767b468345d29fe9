#pragma once

// What the daily ledger holds: per calendar day (in playbooks.timezone),
// cost by component, usage, and runs and labor saved by playbook; and the
// records written to it, with their JSON form. One checksummed line per
// record (see ledger.h for the files).

#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "base/civil_time.h"
#include "base/error.h"

namespace unyo::agent {

struct LaborTotals {
  std::int64_t runs = 0;       // finished runs that ran (success, failure, timeout)
  std::int64_t successes = 0;  // successful non-dry runs: the ones credited
  double minutes = 0;
  double yen = 0;
};

struct DayTotals {
  std::map<std::string, double> costYen;  // component -> yen
  double instanceHours = 0;
  std::map<std::string, double> storageGibHours;  // mountpoint -> GiB-hours
  std::map<std::string, double> egressBytes;      // device -> bytes
  std::map<std::string, LaborTotals> labor;       // playbook -> runs and labor

  void add(const DayTotals& other);
  bool empty() const;
};

// Where the egress counters stood at the end of the last accrual, so a
// restart continues exactly (same boot) or counts everything since boot.
struct NetworkCursor {
  double bootTimeUnix = 0;
  std::map<std::string, double> transmitBytes;  // device -> node_network_transmit_bytes_total
};

// One flush of accrued cost and usage, split by day.
struct CostRecord {
  double toUnix = 0;  // the accrual reached this instant
  NetworkCursor cursor;
  std::map<std::string, DayTotals> days;  // "YYYY-MM-DD" -> what accrued that day
};

// One finished run. `seq` is its finish sequence number in the run history
// (runs.jsonl): the ledger holds every run up to its highest seq. 0 on lines
// written before sequence numbers existed.
struct RunRecordLine {
  std::string day;  // local date the run finished
  std::string playbook;
  std::string runId;
  std::string result;  // "success", "failure", ...
  bool credited = false;
  double minutes = 0;
  double yen = 0;
  std::uint64_t seq = 0;
};

// A compacted day file: everything it held, by day (a file written on one
// day holds mostly that day, sometimes a late line of the day before).
struct DaySummaryRecord {
  std::string file;  // the day file's date, "YYYY-MM-DD"
  std::optional<double> lastAccrualUnix;
  std::optional<NetworkCursor> cursor;
  std::map<std::string, DayTotals> days;
  std::uint64_t lastRunSeq = 0;  // the highest run seq the file held
};

nlohmann::json toJson(const DayTotals& totals);
nlohmann::json toJson(const CostRecord& record);
nlohmann::json toJson(const RunRecordLine& record);
nlohmann::json toJson(const DaySummaryRecord& record);

Expected<DayTotals> dayTotalsFromJson(const nlohmann::json& json);
Expected<CostRecord> costRecordFromJson(const nlohmann::json& json);
Expected<RunRecordLine> runRecordFromJson(const nlohmann::json& json);
Expected<DaySummaryRecord> daySummaryFromJson(const nlohmann::json& json);

// Adds a run to a day's labor totals.
void addRun(DayTotals& day, const RunRecordLine& run);

// Dates as the ledger (and the report's flags) write them: "2026-11-01".
std::string isoDate(const unyo::CivilDate& date);
// A valid date in exactly that form, or nullopt.
std::optional<unyo::CivilDate> parseIsoDate(std::string_view text);
inline bool isLedgerDate(std::string_view text) { return parseIsoDate(text).has_value(); }

}  // namespace unyo::agent
