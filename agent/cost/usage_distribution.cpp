#include "agent/cost/usage_distribution.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <span>
#include <system_error>
#include <type_traits>
#include <vector>

namespace unyo::agent {
namespace {

constexpr std::string_view kHeader = "unyo-usage-distribution";
constexpr int kVersion = 1;

// A ratio within this of a bucket edge counts as on the edge: 0.29 * 100 is
// 28.999999999999996 in doubles, and 29% belongs in bucket 29. Errs upwards,
// like the percentile itself.
constexpr double kEdgeSlack = 1e-9;

std::int64_t dayNumberOf(Clock::WallTime at) {
  return std::chrono::floor<std::chrono::days>(at.time_since_epoch()).count();
}

std::size_t slotOf(std::int64_t day) {
  return static_cast<std::size_t>(day % UsageDistribution::kDays);
}

std::size_t bucketOf(double ratio, int buckets) {
  const double scaled = std::floor(ratio * buckets + kEdgeSlack);
  return static_cast<std::size_t>(std::clamp(scaled, 0.0, static_cast<double>(buckets - 1)));
}

// Index of the bucket holding the `quantile` sample of `counts`, or nullopt when empty.
template <std::size_t N>
std::optional<std::size_t> percentileBucket(const std::array<std::uint64_t, N>& counts,
                                            double quantile) {
  if (std::isnan(quantile)) return std::nullopt;
  std::uint64_t total = 0;
  for (auto c : counts) total += c;
  if (total == 0) return std::nullopt;
  const double wanted =
      std::ceil(std::clamp(quantile, 0.0, 1.0) * static_cast<double>(total) - kEdgeSlack);
  const auto rank =
      std::clamp<std::uint64_t>(static_cast<std::uint64_t>(std::max(wanted, 0.0)), 1, total);
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < N; ++i) {
    cumulative += counts[i];
    if (cumulative >= rank) return i;
  }
  return N - 1;  // unreachable: rank <= total
}

// Per-bucket sums over the days in the window ending at `now` (today and the six before).
template <class Days, class Member>
auto windowCounts(const Days& days, Clock::WallTime now, Member member) {
  using Counts = std::remove_cvref_t<decltype(days[0].*member)>;
  std::array<std::uint64_t, std::tuple_size_v<Counts>> sum{};
  const std::int64_t nowDay = dayNumberOf(now);
  for (const auto& day : days) {
    if (day.dayNumber < 0 || day.dayNumber > nowDay ||
        day.dayNumber <= nowDay - UsageDistribution::kDays) {
      continue;
    }
    const auto& counts = day.*member;
    for (std::size_t i = 0; i < sum.size(); ++i) sum[i] += counts[i];
  }
  return sum;
}

template <class T>
bool parseNumber(std::string_view text, T& value) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size();
}

std::vector<std::string_view> splitFields(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t pos = 0;
  while (pos < line.size()) {
    if (line[pos] == ' ' || line[pos] == '\t') {
      ++pos;
      continue;
    }
    const auto end = line.find_first_of(" \t", pos);
    const auto stop = end == std::string_view::npos ? line.size() : end;
    fields.push_back(line.substr(pos, stop - pos));
    pos = stop;
  }
  return fields;
}

// "INDEX:COUNT ..." into `counts`; indexes strictly ascending, counts non-zero.
template <std::size_t N>
Expected<std::uint64_t> parseBuckets(std::span<const std::string_view> fields, const char* name,
                                     std::array<std::uint32_t, N>& counts) {
  std::uint64_t total = 0;
  int previous = -1;
  for (auto field : fields) {
    const auto colon = field.find(':');
    int index = 0;
    std::uint32_t count = 0;
    if (colon == std::string_view::npos || !parseNumber(field.substr(0, colon), index) ||
        !parseNumber(field.substr(colon + 1), count)) {
      return fail(std::string(name) + ": expected BUCKET:COUNT, got '" + std::string(field) + "'");
    }
    if (index < 0 || index >= static_cast<int>(N)) {
      return fail(std::string(name) + " bucket " + std::to_string(index) + " out of range 0.." +
                  std::to_string(N - 1));
    }
    if (index <= previous) {
      return fail(std::string(name) + " bucket " + std::to_string(index) +
                  " repeated or out of order");
    }
    if (count == 0) return fail(std::string(name) + " bucket " + std::to_string(index) + " is 0");
    counts[static_cast<std::size_t>(index)] = count;
    total += count;
    previous = index;
  }
  return total;
}

template <std::size_t N>
void appendBuckets(std::string& out, const std::array<std::uint32_t, N>& counts) {
  for (std::size_t i = 0; i < N; ++i) {
    if (counts[i] == 0) continue;
    out += ' ';
    out += std::to_string(i);
    out += ':';
    out += std::to_string(counts[i]);
  }
}

std::string formatDouble(double value) {
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return ec == std::errc() ? std::string(buffer, end) : "0";
}

}  // namespace

void UsageDistribution::add(Clock::WallTime at, double cpuRatio, double memoryUsedBytes,
                            double memoryTotalBytes) {
  const bool valid = std::isfinite(cpuRatio) && cpuRatio >= 0 && std::isfinite(memoryUsedBytes) &&
                     memoryUsedBytes >= 0 && std::isfinite(memoryTotalBytes) &&
                     memoryTotalBytes > 0;
  const std::int64_t dayNumber = dayNumberOf(at);
  // Before 1970 only with a broken clock; -1 also marks an unused slot.
  if (!valid || dayNumber < 0) return;
  Day& day = days_[slotOf(dayNumber)];
  if (day.dayNumber > dayNumber) return;  // the clock went back by days: keep the newer day
  if (day.dayNumber != dayNumber) {
    day = Day();
    day.dayNumber = dayNumber;
  }
  ++day.cpu[bucketOf(cpuRatio, kCpuBuckets)];
  ++day.memory[bucketOf(memoryUsedBytes / memoryTotalBytes, kMemoryBuckets)];
  memoryTotalBytes_ = memoryTotalBytes;
}

std::uint64_t UsageDistribution::samples(Clock::WallTime now) const {
  std::uint64_t total = 0;
  for (auto c : windowCounts(days_, now, &Day::cpu)) total += c;
  return total;
}

std::optional<double> UsageDistribution::cpuPercentile(Clock::WallTime now, double quantile) const {
  const auto bucket = percentileBucket(windowCounts(days_, now, &Day::cpu), quantile);
  if (!bucket) return std::nullopt;
  return static_cast<double>(*bucket + 1) / kCpuBuckets;
}

std::optional<double> UsageDistribution::memoryPercentile(Clock::WallTime now,
                                                          double quantile) const {
  const auto bucket = percentileBucket(windowCounts(days_, now, &Day::memory), quantile);
  if (!bucket) return std::nullopt;
  return static_cast<double>(*bucket + 1) / kMemoryBuckets * memoryTotalBytes_;
}

std::string UsageDistribution::serialize() const {
  std::string out = std::string(kHeader) + " " + std::to_string(kVersion) + "\n";
  out += "memory_total_bytes " + formatDouble(memoryTotalBytes_) + "\n";
  std::array<const Day*, kDays> used{};
  std::size_t count = 0;
  for (const auto& day : days_) {
    if (day.dayNumber >= 0) used[count++] = &day;
  }
  std::sort(used.begin(), used.begin() + count,
            [](const Day* a, const Day* b) { return a->dayNumber < b->dayNumber; });
  for (std::size_t i = 0; i < count; ++i) {
    out += "day " + std::to_string(used[i]->dayNumber) + " cpu";
    appendBuckets(out, used[i]->cpu);
    out += " memory";
    appendBuckets(out, used[i]->memory);
    out += '\n';
  }
  return out;
}

Expected<UsageDistribution> UsageDistribution::parse(std::string_view text) {
  UsageDistribution result;
  int lineNumber = 0;
  auto lineError = [&lineNumber](const std::string& message) {
    return fail("line " + std::to_string(lineNumber) + ": " + message);
  };
  while (!text.empty() || lineNumber < 2) {
    ++lineNumber;
    const auto newline = text.find('\n');
    const std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    const auto fields = splitFields(line);

    if (lineNumber == 1) {
      int version = 0;
      if (fields.size() != 2 || fields[0] != kHeader || !parseNumber(fields[1], version)) {
        return lineError("expected '" + std::string(kHeader) + " " + std::to_string(kVersion) +
                         "'");
      }
      if (version != kVersion) return lineError("unsupported version " + std::to_string(version));
      continue;
    }
    if (lineNumber == 2) {
      double total = 0;
      if (fields.size() != 2 || fields[0] != "memory_total_bytes" ||
          !parseNumber(fields[1], total) || !std::isfinite(total) || total < 0) {
        return lineError("expected 'memory_total_bytes BYTES'");
      }
      result.memoryTotalBytes_ = total;
      continue;
    }

    const auto memoryAt = std::find(fields.begin(), fields.end(), std::string_view("memory"));
    std::int64_t dayNumber = -1;
    if (fields.size() < 3 || fields[0] != "day" || fields[2] != "cpu" || memoryAt == fields.end() ||
        memoryAt - fields.begin() < 3) {
      return lineError("expected 'day DAY cpu BUCKET:COUNT... memory BUCKET:COUNT...'");
    }
    if (!parseNumber(fields[1], dayNumber) || dayNumber < 0) {
      return lineError("bad day number '" + std::string(fields[1]) + "'");
    }
    Day day;
    day.dayNumber = dayNumber;
    const std::span<const std::string_view> all(fields);
    const auto memoryIndex = static_cast<std::size_t>(memoryAt - fields.begin());
    const auto cpuTotal = parseBuckets(all.subspan(3, memoryIndex - 3), "cpu", day.cpu);
    if (!cpuTotal) return lineError(cpuTotal.error().message);
    const auto memoryTotal = parseBuckets(all.subspan(memoryIndex + 1), "memory", day.memory);
    if (!memoryTotal) return lineError(memoryTotal.error().message);
    if (*cpuTotal == 0) return lineError("day " + std::to_string(dayNumber) + " has no samples");
    if (*cpuTotal != *memoryTotal) {
      return lineError("cpu and memory sample counts differ (" + std::to_string(*cpuTotal) +
                       " vs " + std::to_string(*memoryTotal) + ")");
    }
    Day& slot = result.days_[slotOf(dayNumber)];
    if (slot.dayNumber == dayNumber) return lineError("duplicate day " + std::to_string(dayNumber));
    if (slot.dayNumber >= 0) {
      return lineError("day " + std::to_string(dayNumber) + " shares a slot with day " +
                       std::to_string(slot.dayNumber) + " (a multiple of 7 days apart)");
    }
    slot = day;
  }
  return result;
}

}  // namespace unyo::agent
