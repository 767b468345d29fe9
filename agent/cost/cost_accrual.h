#pragma once

// The arithmetic of cost accounting, free of state and I/O: unit prices in
// yen, what an interval accrues on each local day, and how many bytes left
// through the priced interfaces since the last reading.
//
// Compute accrues only while the host is up; storage and fixed fees accrue
// over the whole interval, including a gap when the host was stopped, as
// the clouds bill them. Monthly prices are spread over 730 hours.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "agent/cost/cost_options.h"
#include "agent/cost/host_reading.h"
#include "agent/cost/ledger_entries.h"
#include "base/time_zone.h"

namespace unyo::agent {

inline constexpr double kBytesPerGib = 1024.0 * 1024.0 * 1024.0;

// The cost options as yen rates, ready to multiply.
struct CostPrices {
  std::optional<double> computeYenPerHour;
  struct Storage {
    std::string mountpoint;
    double yenPerGibMonth = 0;
    std::optional<double> configuredBytes;  // else the filesystem's size
  };
  std::vector<Storage> storage;
  std::optional<double> egressYenPerGib;
  std::vector<std::string> egressDevices;
  std::optional<double> fixedYenPerMonth;  // all fixed fees together

  static CostPrices from(const CostOptions& options);
  std::vector<std::string> mountpoints() const;
};

// The size each priced mountpoint is billed for: the configured size, else
// the filesystem's from the reading; absent when neither is known.
std::map<std::string, double> billedStorageBytes(const CostPrices& prices,
                                                 const HostReading& reading);

// The local calendar days of a zone, remembering the last one looked up:
// a sample every 15 s asks about the same day thousands of times, and a
// time-zone conversion costs more than the rest of the accrual.
class LocalDays {
 public:
  struct Day {
    Clock::WallTime start;  // local midnight
    Clock::WallTime end;    // the next local midnight
    std::string date;       // "YYYY-MM-DD"
  };

  explicit LocalDays(unyo::TimeZone zone) : zone_(std::move(zone)) {}

  const Day& dayOf(Clock::WallTime at);
  const unyo::TimeZone& zone() const { return zone_; }

 private:
  unyo::TimeZone zone_;
  std::optional<Day> cached_;
};

// What [from, to] accrues, split at local midnights into `days` ("YYYY-MM-DD").
// Compute accrues over [max(from, hostUpFrom), to] only.
struct AccrualInterval {
  Clock::WallTime from;
  Clock::WallTime to;
  Clock::WallTime hostUpFrom;
};
void accrueInterval(const CostPrices& prices, const AccrualInterval& interval,
                    const std::map<std::string, double>& storageBytes, LocalDays& calendar,
                    std::map<std::string, DayTotals>& days);

// Bytes sent through each priced device since `cursor`: the counter's
// growth on the same boot (a counter that went down was reset: all of it),
// everything since boot when the host rebooted in between, nothing for a
// device first seen now.
std::map<std::string, double> egressSince(const std::optional<NetworkCursor>& cursor,
                                          const HostReading& reading);

// Adds egress bytes (and their price) to `day`.
void accrueEgress(const CostPrices& prices, const std::map<std::string, double>& bytes,
                  DayTotals& day);

// The cursor a reading leaves.
NetworkCursor cursorOf(const HostReading& reading);

// "2026-11-28": the local date of `at` in `zone`.
std::string localDate(const unyo::TimeZone& zone, Clock::WallTime at);

}  // namespace unyo::agent
