// What cost accounting adds to a sampler cycle, and what `unyo report`
// takes over a one-year ledger. Run from the bench preset:
//   cmake --preset bench && cmake --build --preset bench --target unyo_cost_bench unyo
//   build/bench/tests/bench/unyo_cost_bench
// Compare BM_SamplerCycleWithoutCost and BM_SamplerCycleWithCost (target:
// under 5% more CPU; the difference drowns in the cycle's noise, so
// BM_CostAccountingPerSample measures the accounting alone);
// BM_ReportCommandOneYear runs the real binary over a
// ledger of 365 days (target: under 100 ms).

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "agent/cost/checksummed_line.h"
#include "agent/cost/cost_accountant.h"
#include "agent/daemon/collector_setup.h"
#include "agent/report/report_builder.h"

namespace {

namespace fs = std::filesystem;
using namespace unyo;

SystemClock clock_;
Logger quiet(clock_, LogLevel::error, LogFormat::logfmt, -1);
collectors::RealStatFs statFs;

std::unique_ptr<collectors::Sampler> sampler() {
  static collectors::Options options;
  auto built = agent::buildSampler(options, clock_, quiet, statFs, {});
  if (!built) std::abort();
  return std::move(*built);
}

fs::path scratchDir(const char* name) {
  auto dir = fs::temp_directory_path() / (std::string("unyo-bench-") + name + "-" +
                                          std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// The demo config's cost model: every component priced.
agent::CostOptions costOptions() {
  agent::CostOptions options;
  options.configured = true;
  options.usdJpy = 150;
  options.compute = agent::CostOptions::Compute{"m6i.xlarge", {0.248, agent::Currency::usd}, 0};
  options.storage.push_back({"/", {0.096, agent::Currency::usd}, std::nullopt});
  options.network = agent::CostOptions::Network{{"eth0", "ens5", "lo"}, {0.114, agent::Currency::usd}};
  options.fixed.push_back({"app-license", {120000, agent::Currency::jpy}});
  return options;
}

void BM_SamplerCycleWithoutCost(benchmark::State& state) {
  auto s = sampler();
  for (auto _ : state) benchmark::DoNotOptimize(s->sample());
}
BENCHMARK(BM_SamplerCycleWithoutCost)->MeasureProcessCPUTime()->UseRealTime();

// The same cycle plus everything the agent does with each sample for cost:
// accrual, rates, the 7-day distribution, and (every 5 minutes, as by
// default) the ledger append — amortized over the cycles.
void BM_SamplerCycleWithCost(benchmark::State& state) {
  const auto dir = scratchDir("cycle");
  agent::Ledger ledger(dir / "ledger");
  agent::CostAccountant accountant(ledger, dir / "usage-distribution.txt", quiet);
  accountant.configure(costOptions(), *unyo::TimeZone::load("Asia/Tokyo"));
  if (!accountant.restore(clock_.now())) std::abort();
  auto s = sampler();
  for (auto _ : state) {
    auto snapshot = s->sample();
    accountant.onSnapshot(*snapshot);
    benchmark::DoNotOptimize(snapshot);
  }
  fs::remove_all(dir);
}
BENCHMARK(BM_SamplerCycleWithCost)->MeasureProcessCPUTime()->UseRealTime();

// The accounting alone, per sample of this host, as the agent does it every
// 15 s: the clock moves 15 s a sample, so every fourth sample appends to
// the ledger (flush_interval 1m) and pays for its write and fdatasync.
void BM_CostAccountingPerSample(benchmark::State& state) {
  const auto dir = scratchDir("accounting");
  agent::Ledger ledger(dir / "ledger");
  agent::CostAccountant accountant(ledger, dir / "usage-distribution.txt", quiet);
  auto options = costOptions();
  if (state.range(0) == 0) options.flushInterval = std::chrono::hours(24 * 365);
  accountant.configure(options, *unyo::TimeZone::load("Asia/Tokyo"));
  if (!accountant.restore(clock_.now())) std::abort();
  auto taken = sampler()->sample();
  collectors::Snapshot snapshot = *taken;
  for (auto _ : state) {
    snapshot.takenAt += std::chrono::seconds(15);
    snapshot.takenAtSteady += std::chrono::seconds(15);
    accountant.onSnapshot(snapshot);
  }
  fs::remove_all(dir);
}
BENCHMARK(BM_CostAccountingPerSample)->Arg(1)->Arg(0)->MeasureProcessCPUTime()->UseRealTime();

// Writes a year of ledger as the agent leaves it: 363 compacted days and
// two day files of one cost line per 5 minutes (cost.flush_interval), plus
// a few runs a day.
fs::path oneYearLedger() {
  const auto state = scratchDir("report");
  const auto ledgerDir = state / "ledger";
  fs::create_directories(ledgerDir);
  auto zone = *unyo::TimeZone::load("Asia/Tokyo");
  const auto today = zone.toCivil(clock_.now()).date();
  auto day = unyo::addDays(today, -364);
  double to = toUnixSeconds(clock_.now()) - 365 * 86400.0;
  for (int d = 0; d < 365; ++d, day = unyo::addDays(day, 1)) {
    const auto date = agent::isoDate(day);
    std::ofstream out(ledgerDir / (date + ".jsonl"), std::ios::binary);
    for (int minute = 0; minute < 1440; minute += 5) {
      to += 300;
      agent::CostRecord record;
      record.toUnix = to;
      record.cursor = {1.7e9, {{"eth0", to * 1000}}};
      auto& totals = record.days[date];
      totals.costYen = {{"compute", 3.1}, {"storage", 0.15}, {"network", 0.05}, {"fixed", 13.5}};
      totals.instanceHours = 5.0 / 60;
      totals.storageGibHours["/"] = 500.0 / 60;
      totals.egressBytes["eth0"] = 300000;
      out << agent::checksummedLine(agent::toJson(record).dump());
    }
    for (int run = 0; run < 6; ++run) {
      agent::RunRecordLine line{date, run % 2 ? "purge-old-logs" : "check-backup",
                                "r" + std::to_string(run), "success", "schedule", "", true,
                                15, 1250};
      out << agent::checksummedLine(agent::toJson(line).dump());
    }
  }
  if (!agent::Ledger(ledgerDir).compact(agent::isoDate(today))) std::abort();
  std::ofstream(state / "unyo.yaml") << "identity: {lg_code: \"131016\", system: resident_registry}\n"
                                        "state: {dir: " << state.string() << "}\n"
                                        "cost:\n  fx: {usd_jpy: 150}\n"
                                        "  compute: {price_per_hour: {usd: 0.248}}\n"
                                        "  baseline: {source: estimate, monthly: {jpy: 350000}}\n";
  return state;
}

void BM_ReportCommandOneYear(benchmark::State& state) {
  const auto dir = oneYearLedger();
  const auto today = agent::isoDate(unyo::TimeZone::load("Asia/Tokyo")->toCivil(clock_.now()).date());
  const auto from = agent::isoDate(unyo::addDays(*agent::parseIsoDate(today), -364));
  const std::string command = std::string(UNYO_BINARY_PATH) + " --config " +
                              (dir / "unyo.yaml").string() + " report --format html --from " +
                              from + " --to " + today + " --output " + (dir / "r.html").string();
  for (auto _ : state) {
    if (std::system(command.c_str()) != 0) std::abort();
  }
  fs::remove_all(dir);
}
BENCHMARK(BM_ReportCommandOneYear)->UseRealTime()->Unit(benchmark::kMillisecond)->Iterations(20);

}  // namespace

BENCHMARK_MAIN();
