#pragma once

// What the CostAccountant tests share: a host as the collectors would see
// it, an accountant over a ledger in a temporary folder, and a loop that
// samples it on a fake clock.

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>

#include "agent/cost/cost_accountant.h"
#include "fakes/fake_clock.h"

namespace unyo::agent {

using unyo::testing::FakeClock;

inline constexpr double kGib = 1024.0 * 1024.0 * 1024.0;

inline void expectExact(double actual, double expected) {
  EXPECT_LT(std::fabs(actual - expected), 1e-9 * std::fabs(expected))
      << "actual " << actual << " expected " << expected;
}

// What the collectors would report about the host.
struct Host {
  double bootTime = 1775000000;  // before FakeClock's start
  double cpuUtilization = 0.25;
  double filesystemBytes = 50 * kGib;
  double transmitBytes = 0;
  int cpus = 4;
};

inline collectors::Snapshot snapshotOf(const FakeClock& clock, const Host& host) {
  collectors::Snapshot s;
  s.takenAt = clock.now();
  s.takenAtSteady = clock.steadyNow();
  auto add = [&](prometheus::MetricFamily family, double value, Labels labels = {}) {
    addSample(family, value, std::move(labels));
    s.families.push_back(std::move(family));
  };
  add(gaugeFamily("node_boot_time_seconds", ""), host.bootTime);
  add(gaugeFamily("unyo_cpu_utilization_ratio", ""), host.cpuUtilization);
  add(gaugeFamily("node_memory_MemTotal_bytes", ""), 16 * kGib);
  add(gaugeFamily("node_memory_MemAvailable_bytes", ""), 12 * kGib);
  add(gaugeFamily("node_filesystem_size_bytes", ""), host.filesystemBytes,
      {{"device", "/dev/vda1"}, {"fstype", "ext4"}, {"mountpoint", "/"}});
  add(counterFamily("node_network_transmit_bytes_total", ""), host.transmitBytes,
      {{"device", "eth0"}});
  auto cpu = counterFamily("node_cpu_seconds_total", "");
  for (int i = 0; i < host.cpus; ++i) {
    addSample(cpu, 10, {{"cpu", std::to_string(i)}, {"mode", "idle"}});
    addSample(cpu, 5, {{"cpu", std::to_string(i)}, {"mode", "user"}});
  }
  s.families.push_back(std::move(cpu));
  return s;
}

inline CostOptions usdOptions() {
  CostOptions options;
  options.configured = true;
  options.usdJpy = 150;
  options.compute = CostOptions::Compute{"m6i.xlarge", {0.248, Currency::usd}, 0};
  options.storage.push_back({"/", {0.096, Currency::usd}, 100ull << 30});
  options.network = CostOptions::Network{{"eth0"}, {0.114, Currency::usd}};
  options.fixed.push_back({"app-license", {120000, Currency::jpy}});
  options.baseline =
      CostOptions::Baseline{"vendor estimate 2025-04", Price{350000, Currency::jpy}, {}};
  return options;
}

struct Agent {
  Agent(const std::filesystem::path& state, const CostOptions& options, const FakeClock& clock)
      : log(clock, LogLevel::error, LogFormat::logfmt, -1),
        ledger(state / "ledger"),
        accountant(ledger, state / "usage-distribution.txt", log) {
    accountant.configure(options, *unyo::TimeZone::load("Asia/Tokyo"));
    auto restored = accountant.restore(clock.now());
    EXPECT_TRUE(restored) << restored.error().message;
  }
  Logger log;
  Ledger ledger;
  CostAccountant accountant;
};

// Samples every `step` for `duration`, the first sample at the current time.
inline void run(Agent& agent, FakeClock& clock, Host& host, Clock::Duration duration,
                Clock::Duration step = std::chrono::seconds(15), double bytesPerStep = 0) {
  const auto end = clock.steadyNow() + duration;
  agent.accountant.onSnapshot(snapshotOf(clock, host));
  while (clock.steadyNow() < end) {
    clock.advance(step);
    host.transmitBytes += bytesPerStep;
    agent.accountant.onSnapshot(snapshotOf(clock, host));
  }
}

inline double cost(const CostAccountant& accountant, const char* component) {
  const auto& yen = accountant.totals().costYen;
  return yen.contains(component) ? yen.at(component) : 0;
}

inline const prometheus::MetricFamily* family(const Families& families, std::string_view name) {
  return findFamily(families, name);
}

inline double valueWith(const Families& families, std::string_view name,
                        std::string_view label = {}, std::string_view value = {}) {
  const auto* f = family(families, name);
  if (f == nullptr) {
    ADD_FAILURE() << "no " << name;
    return NAN;
  }
  for (const auto& m : f->metric) {
    if (label.empty() || labelValue(m, label) == value) return sampleValue(*f, m);
  }
  ADD_FAILURE() << "no " << name << "{" << label << "=" << value << "}";
  return NAN;
}

}  // namespace unyo::agent
