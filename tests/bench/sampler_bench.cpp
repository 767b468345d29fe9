// CPU cost of the pieces of a scrape on this host's real /proc and /sys:
// one sampler cycle, each collector alone, the agent's process_* metrics,
// rendering and gzip. Run from the bench preset:
//   cmake --preset bench && cmake --build --preset bench --target unyo_sampler_bench
//   build/bench/tests/bench/unyo_sampler_bench

#include <benchmark/benchmark.h>

#include "agent/daemon/collector_setup.h"
#include "collectors/process_metrics.h"
#include "exporter/gzip.h"
#include "exporter/text_format.h"

namespace {

unyo::SystemClock clock_;
unyo::Logger quiet(clock_, unyo::LogLevel::error, unyo::LogFormat::logfmt, -1);
unyo::collectors::RealStatFs statFs;

std::unique_ptr<unyo::collectors::Sampler> sampler(std::vector<std::string> only = {}) {
  static unyo::collectors::Options options;
  auto built = unyo::agent::buildSampler(options, clock_, quiet, statFs, only);
  if (!built) std::abort();
  return std::move(*built);
}

void BM_SamplerCycle(benchmark::State& state) {
  auto s = sampler();
  for (auto _ : state) benchmark::DoNotOptimize(s->sample());
}
BENCHMARK(BM_SamplerCycle)->MeasureProcessCPUTime()->UseRealTime();

void BM_Collector(benchmark::State& state, std::string name) {
  auto s = sampler({name});
  for (auto _ : state) benchmark::DoNotOptimize(s->sample());
}
BENCHMARK_CAPTURE(BM_Collector, cpu, "cpu")->MeasureProcessCPUTime()->UseRealTime();
BENCHMARK_CAPTURE(BM_Collector, diskstats, "diskstats")->MeasureProcessCPUTime()->UseRealTime();
BENCHMARK_CAPTURE(BM_Collector, filesystem, "filesystem")->MeasureProcessCPUTime()->UseRealTime();
BENCHMARK_CAPTURE(BM_Collector, loadavg, "loadavg")->MeasureProcessCPUTime()->UseRealTime();
BENCHMARK_CAPTURE(BM_Collector, meminfo, "meminfo")->MeasureProcessCPUTime()->UseRealTime();
BENCHMARK_CAPTURE(BM_Collector, netdev, "netdev")->MeasureProcessCPUTime()->UseRealTime();
BENCHMARK_CAPTURE(BM_Collector, pressure, "pressure")->MeasureProcessCPUTime()->UseRealTime();
BENCHMARK_CAPTURE(BM_Collector, stat, "stat")->MeasureProcessCPUTime()->UseRealTime();
BENCHMARK_CAPTURE(BM_Collector, time, "time")->MeasureProcessCPUTime()->UseRealTime();
BENCHMARK_CAPTURE(BM_Collector, uname, "uname")->MeasureProcessCPUTime()->UseRealTime();

void BM_ProcessMetrics(benchmark::State& state) {
  unyo::collectors::ProcessMetrics process;
  for (auto _ : state) benchmark::DoNotOptimize(process.collect());
}
BENCHMARK(BM_ProcessMetrics)->MeasureProcessCPUTime()->UseRealTime();

void BM_RenderText(benchmark::State& state) {
  auto snapshot = sampler()->sample();
  for (auto _ : state) {
    std::string out;
    unyo::exporter::appendTextFormat(out, snapshot->families);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_RenderText);

void BM_Gzip(benchmark::State& state) {
  auto snapshot = sampler()->sample();
  std::string text;
  unyo::exporter::appendTextFormat(text, snapshot->families);
  unyo::exporter::GzipCompressor gzip;
  for (auto _ : state) benchmark::DoNotOptimize(gzip.compress(text));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_Gzip);

}  // namespace

BENCHMARK_MAIN();
