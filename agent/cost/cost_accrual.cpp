#include "agent/cost/cost_accrual.h"

#include <algorithm>
#include <cmath>

#include "base/civil_time.h"

namespace unyo::agent {
namespace {

using Seconds = std::chrono::duration<double>;

double hoursBetween(Clock::WallTime from, Clock::WallTime to) {
  return std::chrono::duration_cast<Seconds>(to - from).count() / 3600.0;
}

// A boot time that moved by less than this is the same boot (btime is
// whole seconds and can wobble by one as the kernel adjusts the clock).
constexpr double kSameBootToleranceSeconds = 2;

}  // namespace

CostPrices CostPrices::from(const CostOptions& options) {
  CostPrices prices;
  const double fx = options.usdJpy;
  if (options.compute) prices.computeYenPerHour = options.compute->pricePerHour.yen(fx);
  for (const auto& storage : options.storage) {
    std::optional<double> bytes;
    if (storage.sizeBytes) bytes = static_cast<double>(*storage.sizeBytes);
    prices.storage.push_back({storage.mountpoint, storage.pricePerGbMonth.yen(fx), bytes});
  }
  if (options.network) {
    prices.egressYenPerGib = options.network->egressPricePerGb.yen(fx);
    prices.egressDevices = options.network->interfaces;
  }
  if (!options.fixed.empty()) {
    double monthly = 0;
    for (const auto& fee : options.fixed) monthly += fee.pricePerMonth.yen(fx);
    prices.fixedYenPerMonth = monthly;
  }
  return prices;
}

std::vector<std::string> CostPrices::mountpoints() const {
  std::vector<std::string> out;
  for (const auto& priced : storage) out.push_back(priced.mountpoint);
  return out;
}

std::map<std::string, double> billedStorageBytes(const CostPrices& prices,
                                                 const HostReading& reading) {
  std::map<std::string, double> bytes;
  for (const auto& storage : prices.storage) {
    if (storage.configuredBytes) {
      bytes[storage.mountpoint] = *storage.configuredBytes;
    } else if (auto it = reading.filesystemSizeBytes.find(storage.mountpoint);
               it != reading.filesystemSizeBytes.end()) {
      bytes[storage.mountpoint] = it->second;
    }
  }
  return bytes;
}

void accrueInterval(const CostPrices& prices, const AccrualInterval& interval,
                    const std::map<std::string, double>& storageBytes, LocalDays& calendar,
                    std::map<std::string, DayTotals>& days) {
  auto from = interval.from;
  while (from < interval.to) {
    const auto& local = calendar.dayOf(from);
    const auto to = std::min(interval.to, local.end);
    auto& day = days[local.date];
    const double hours = hoursBetween(from, to);
    for (const auto& storage : prices.storage) {
      const auto bytes = storageBytes.find(storage.mountpoint);
      if (bytes == storageBytes.end()) continue;
      const double gibHours = bytes->second / kBytesPerGib * hours;
      day.storageGibHours[storage.mountpoint] += gibHours;
      day.costYen["storage"] += storage.yenPerGibMonth * gibHours / kHoursPerMonth;
    }
    if (prices.fixedYenPerMonth) {
      day.costYen["fixed"] += *prices.fixedYenPerMonth * hours / kHoursPerMonth;
    }
    const auto upFrom = std::max(from, interval.hostUpFrom);
    if (upFrom < to) {
      const double upHours = hoursBetween(upFrom, to);
      day.instanceHours += upHours;
      if (prices.computeYenPerHour) day.costYen["compute"] += *prices.computeYenPerHour * upHours;
    }
    from = to;
  }
}

std::map<std::string, double> egressSince(const std::optional<NetworkCursor>& cursor,
                                          const HostReading& reading) {
  std::map<std::string, double> sent;
  if (!cursor) return sent;
  const bool sameBoot =
      reading.bootTimeUnix &&
      std::fabs(*reading.bootTimeUnix - cursor->bootTimeUnix) < kSameBootToleranceSeconds;
  for (const auto& [device, now] : reading.transmitBytes) {
    if (!sameBoot) {
      sent[device] = now;
      continue;
    }
    const auto before = cursor->transmitBytes.find(device);
    if (before == cursor->transmitBytes.end()) continue;
    sent[device] = now >= before->second ? now - before->second : now;
  }
  return sent;
}

void accrueEgress(const CostPrices& prices, const std::map<std::string, double>& bytes,
                  DayTotals& day) {
  for (const auto& [device, sent] : bytes) {
    if (sent <= 0) continue;
    day.egressBytes[device] += sent;
    if (prices.egressYenPerGib) {
      day.costYen["network"] += *prices.egressYenPerGib * sent / kBytesPerGib;
    }
  }
}

NetworkCursor cursorOf(const HostReading& reading) {
  return {reading.bootTimeUnix.value_or(0), reading.transmitBytes};
}

const LocalDays::Day& LocalDays::dayOf(Clock::WallTime at) {
  if (cached_ && cached_->start <= at && at < cached_->end) return *cached_;
  const auto today = zone_.toCivil(at).date();
  cached_ = Day{zone_.fromCivil(unyo::CivilTime::at(today)),
                zone_.fromCivil(unyo::CivilTime::at(unyo::addDays(today, 1))),
                localDate(zone_, at)};
  return *cached_;
}

std::string localDate(const unyo::TimeZone& zone, Clock::WallTime at) {
  return isoDate(zone.toCivil(at).date());
}

}  // namespace unyo::agent
