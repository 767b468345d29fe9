#include "agent/cost/cost_accountant.h"

#include "base/atomic_file.h"

namespace unyo::agent {
namespace {

using Seconds = std::chrono::duration<double>;

// A wall clock before this has not been set (a VM before NTP): accruing on
// it would date cost to 1970 and make the next start's gap decades long.
constexpr auto kEarliestPlausibleTime = std::chrono::sys_days(std::chrono::year(2024) / 1 / 1);

// The distribution changes slowly: a crash loses at most an hour of a
// week's samples, and the save (with its fsyncs) stays rare.
constexpr auto kDistributionSaveInterval = std::chrono::hours(1);

Clock::WallTime fromUnix(double seconds) {
  return Clock::WallTime(
      std::chrono::duration_cast<Clock::WallTime::duration>(Seconds(seconds)));
}

void addDays(std::map<std::string, DayTotals>& into, const std::map<std::string, DayTotals>& days) {
  for (const auto& [day, totals] : days) into[day].add(totals);
}

}  // namespace

CostAccountant::CostAccountant(Ledger& ledger, std::filesystem::path distributionFile, Logger& log)
    : ledger_(ledger), distributionFile_(std::move(distributionFile)), log_(log) {}

void CostAccountant::configure(const CostOptions& options, unyo::TimeZone zone) {
  options_ = options;
  prices_ = CostPrices::from(options);
  calendar_ = LocalDays(std::move(zone));
  rates_.compute = prices_.computeYenPerHour.value_or(0);
  rates_.fixed = prices_.fixedYenPerMonth.value_or(0) / kHoursPerMonth;
}

Expected<void> CostAccountant::restore(Clock::WallTime now) {
  auto contents = ledger_.load();
  if (!contents) return std::unexpected(contents.error());
  if (contents->skippedLines > 0) {
    log_.warn("ledger lines skipped (torn by a crash, or damaged)",
              {{"dir", ledger_.dir().string()}, {"lines", contents->skippedLines}});
  }
  totals_ = contents->total();
  totals_.labor.clear();  // labor is counted by the playbook engine
  lastAccrualUnix_ = contents->lastAccrualUnix;
  cursor_ = contents->cursor;

  auto text = unyo::readFileIfExists(distributionFile_);
  if (!text) {
    log_.warn("cannot read the usage distribution; starting a new one",
              {{"error", text.error().message}});
  } else if (*text) {
    auto parsed = UsageDistribution::parse(**text);
    if (parsed) {
      distribution_ = std::move(*parsed);
    } else {
      // Right-sizing data is a convenience, not evidence: keep the bad file
      // for a look and start a fresh week rather than refuse to run.
      auto aside = distributionFile_;
      aside += ".corrupt";
      std::error_code ec;
      std::filesystem::rename(distributionFile_, aside, ec);
      log_.warn("usage distribution unreadable; starting a new one",
                {{"file", distributionFile_.string()}, {"error", parsed.error().message}});
    }
  }
  month_ = localMonthOf(calendar_.zone(), now);
  monthCostYen_ = agent::monthCostYen(contents->days, *month_);
  monthAsOf_ = now;
  compactedOn_ = calendar_.dayOf(now).date;
  if (auto compacted = ledger_.compact(compactedOn_); !compacted) {
    log_.warn("ledger compaction failed", {{"error", compacted.error().message}});
  }
  return {};
}

void CostAccountant::onSnapshot(const collectors::Snapshot& snapshot) {
  const auto reading = readHost(snapshot, prices_.mountpoints(), prices_.egressDevices);
  if (reading.at < kEarliestPlausibleTime) {
    if (!clockWarned_) {
      log_.warn("the wall clock is not set; cost is not accrued until it is",
                {{"now", toUnixSeconds(reading.at)}});
    }
    clockWarned_ = true;
    return;  // the next sample on a set clock accrues the time in between
  }
  clockWarned_ = false;
  latestSampleAt_ = reading.at;
  cpuUtilization_ = reading.cpuUtilization;
  vcpus_ = options_.compute && options_.compute->vcpus > 0 ? options_.compute->vcpus
                                                            : reading.cpuCount;
  if (reading.cpuUtilization && reading.memoryTotalBytes && reading.memoryAvailableBytes) {
    distribution_.add(reading.at, *reading.cpuUtilization,
                      *reading.memoryTotalBytes - *reading.memoryAvailableBytes,
                      *reading.memoryTotalBytes);
  }
  if (options_.configured) accrue(reading);
  previous_ = reading;

  const auto due = [&](const std::optional<Clock::SteadyTime>& last, Clock::Duration every) {
    return !last || reading.atSteady - *last >= every;
  };
  if (due(lastFlush_, options_.flushInterval)) appendPending();
  if (due(lastDistributionSave_, kDistributionSaveInterval)) {
    saveDistribution();
    lastDistributionSave_ = reading.atSteady;
  }
  if (!lastFlush_) lastFlush_ = reading.atSteady;
}

void CostAccountant::accrue(const HostReading& reading) {
  const auto storageBytes = billedStorageBytes(prices_, reading);
  std::optional<AccrualInterval> interval;
  std::optional<NetworkCursor> cursor = cursor_;
  if (previous_) {
    // Within a run, steady time measures the interval: a wall-clock step
    // neither adds nor removes cost.
    const auto elapsed = std::chrono::duration_cast<Clock::WallTime::duration>(
        reading.atSteady - previous_->atSteady);
    const auto from = reading.at - elapsed;
    if (elapsed.count() > 0) interval = AccrualInterval{from, reading.at, from};
    cursor = cursorOf(*previous_);
  } else if (lastAccrualUnix_ && fromUnix(*lastAccrualUnix_) < reading.at) {
    // The gap since the ledger's last accrual: the host was up from its
    // boot on (or all along, when the boot time is unknown).
    const auto from = fromUnix(*lastAccrualUnix_);
    auto upFrom = from;
    if (reading.bootTimeUnix) upFrom = std::max(from, fromUnix(*reading.bootTimeUnix));
    interval = AccrualInterval{from, reading.at, upFrom};
  }

  std::map<std::string, DayTotals> accrued;
  double hours = 0;
  if (interval) {
    accrueInterval(prices_, *interval, storageBytes, calendar_, accrued);
    hours = std::chrono::duration_cast<Seconds>(interval->to - interval->from).count() / 3600.0;
  }
  const auto sent = egressSince(cursor, reading);
  auto& today = accrued[calendar_.dayOf(reading.at).date];
  accrueEgress(prices_, sent, today);
  const double networkYen = today.costYen.contains("network") ? today.costYen["network"] : 0;

  for (const auto& [day, totals] : accrued) totals_.add(totals);
  addToMonth(reading.at, accrued);
  addDays(pending_.days, accrued);
  pending_.toUnix = toUnixSeconds(reading.at);
  pending_.cursor = cursorOf(reading);
  lastAccrualUnix_ = pending_.toUnix;
  cursor_ = pending_.cursor;
  updateRates(storageBytes, networkYen, hours);
}

void CostAccountant::updateRates(const std::map<std::string, double>& storageBytes,
                                 double networkYen, double intervalHours) {
  rates_.compute = prices_.computeYenPerHour.value_or(0);
  rates_.fixed = prices_.fixedYenPerMonth.value_or(0) / kHoursPerMonth;
  rates_.storage = 0;
  for (const auto& storage : prices_.storage) {
    if (auto bytes = storageBytes.find(storage.mountpoint); bytes != storageBytes.end()) {
      rates_.storage += storage.yenPerGibMonth * bytes->second / kBytesPerGib / kHoursPerMonth;
    }
  }
  // The gap after a start is no measure of the current traffic.
  if (previous_ && intervalHours > 0) rates_.network = networkYen / intervalHours;
}

void CostAccountant::addToMonth(Clock::WallTime at,
                                const std::map<std::string, DayTotals>& accrued) {
  if (!month_ || !month_->contains(at)) {
    // A new month starts from nothing; days of the old one accrued now (a
    // gap across the boundary) belong to the old month and are left out.
    month_ = localMonthOf(calendar_.zone(), at);
    monthCostYen_.clear();
  }
  for (const auto& [day, totals] : accrued) {
    if (!month_->containsDate(day)) continue;
    for (const auto& [component, yen] : totals.costYen) monthCostYen_[component] += yen;
  }
  monthAsOf_ = at;
}

void CostAccountant::flush() {
  appendPending();
  saveDistribution();
}

void CostAccountant::appendPending() {
  if (pending_.toUnix > 0) {
    const auto today = calendar_.dayOf(latestSampleAt_).date;
    if (auto appended = ledger_.append(pending_, today); !appended) {
      // Kept in memory and retried at the next flush; the exported totals
      // already include it.
      log_.error("cannot append to the ledger", {{"error", appended.error().message}});
      return;
    }
    pending_ = CostRecord{};
    if (today != compactedOn_) {
      compactedOn_ = today;
      if (auto compacted = ledger_.compact(today); !compacted) {
        log_.warn("ledger compaction failed", {{"error", compacted.error().message}});
      }
    }
  }
  if (previous_) lastFlush_ = previous_->atSteady;
}

void CostAccountant::saveDistribution() {
  if (distribution_.samples(latestSampleAt_) == 0) return;
  // Without fsync: the distribution is a convenience (a power cut may cost
  // it; it is then set aside and a new week starts), and an fsync every
  // hour would cost more CPU than all the accounting in between.
  if (auto saved = unyo::replaceFileAtomically(distributionFile_, distribution_.serialize(),
                                                    unyo::Durability::pageCache);
      !saved) {
    log_.warn("cannot save the usage distribution", {{"error", saved.error().message}});
  }
}

}  // namespace unyo::agent
