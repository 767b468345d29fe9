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
#include <vector>

#include "base/civil_time.h"
#include "base/error.h"

namespace unyo::agent {

// A run that failed or timed out, as the report lists it.
struct FailedRun {
  std::string runId;
  std::string result;  // "failure" or "timeout"
  std::string error;   // redacted, cut to kMaxFailedRunError bytes
};
inline constexpr std::size_t kMaxFailedRunError = 240;
// The report lists this many failed runs per playbook and day at most; the
// count of failures is always complete (runs - successes).
inline constexpr std::size_t kMaxFailedRunsPerDay = 10;

// Labor by playbook for a day (docs/playbooks.md, "Labor"). Automated:
// credited runs a trigger started; assisted: credited runs a person started
// (the CLI, the API). Lines written before the split carry no trigger and
// count as automated, as they did then.
struct LaborTotals {
  std::int64_t runs = 0;       // finished real runs that ran (success, failure, timeout)
  std::int64_t successes = 0;  // of them, the successful ones
  std::int64_t credited = 0;   // automated runs credited with labor
  double minutes = 0;          // automated
  double yen = 0;
  std::int64_t assistedCredited = 0;
  double assistedMinutes = 0;
  double assistedYen = 0;
  std::vector<FailedRun> failures;  // at most kMaxFailedRunsPerDay

  void add(const LaborTotals& other);
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
  std::string trigger;  // "schedule", "condition", "alert", "manual"; "" on older lines
  std::string error;    // why it failed, cut to kMaxFailedRunError bytes
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
