#include "collectors/pressure_collector.h"

#include <string>

#include "collectors/proc_file.h"
#include "collectors/proc_text.h"
#include "collectors/registry.h"

namespace unyo::collectors {
namespace {

// node_exporter divides twice; doing the same keeps the values bit-identical.
double microsToSeconds(double micros) { return micros / 1000.0 / 1000.0; }

class PressureCollector final : public Collector {
 public:
  explicit PressureCollector(const HostPaths& paths)
      : cpu_(paths.proc("pressure/cpu")),
        io_(paths.proc("pressure/io")),
        memory_(paths.proc("pressure/memory")) {}

  Expected<void> collect(Families& out) override {
    const auto cpu = read(cpu_);
    if (!cpu) return std::unexpected(cpu.error());
    const auto io = read(io_);
    if (!io) return std::unexpected(io.error());
    const auto memory = read(memory_);
    if (!memory) return std::unexpected(memory.error());

    auto add = [&out](prometheus::MetricFamily family, std::optional<double> micros) {
      if (!micros) return;
      addSample(family, microsToSeconds(*micros));
      out.push_back(std::move(family));
    };
    add(counterFamily("node_pressure_cpu_waiting_seconds_total",
                      "Total time in seconds that processes have waited for CPU time"),
        cpu->someMicros);
    add(counterFamily("node_pressure_io_waiting_seconds_total",
                      "Total time in seconds that processes have waited due to IO congestion"),
        io->someMicros);
    add(counterFamily("node_pressure_io_stalled_seconds_total",
                      "Total time in seconds no process could make progress due to IO congestion"),
        io->fullMicros);
    add(counterFamily("node_pressure_memory_waiting_seconds_total",
                      "Total time in seconds that processes have waited for memory"),
        memory->someMicros);
    add(counterFamily(
            "node_pressure_memory_stalled_seconds_total",
            "Total time in seconds no process could make progress due to memory congestion"),
        memory->fullMicros);
    return {};
  }

 private:
  Expected<PressureTotals> read(ProcFile& file) {
    if (auto read = file.read(buffer_); !read) {
      return fail("pressure stall information not available: " + read.error().message +
                  " (kernel without CONFIG_PSI or booted with psi=0)");
    }
    auto totals = parsePressure(buffer_);
    if (!totals) return fail(file.path().string() + ": " + totals.error().message);
    return totals;
  }

  ProcFile cpu_;
  ProcFile io_;
  ProcFile memory_;
  std::string buffer_;
};

}  // namespace

Expected<PressureTotals> parsePressure(std::string_view text) {
  PressureTotals totals;
  bool sawSome = false;
  std::string_view line;
  while (popLine(text, line)) {
    std::string_view kind;
    if (!popField(line, kind)) continue;
    if (kind != "some" && kind != "full") return fail("unknown line \"" + std::string(kind) + "\"");
    std::optional<double> total;
    std::string_view field;
    while (popField(line, field)) {
      if (!field.starts_with("total=")) continue;
      if (const auto micros = parseUnsigned(field.substr(6))) total = static_cast<double>(*micros);
    }
    if (!total) return fail("no valid total= in the \"" + std::string(kind) + "\" line");
    if (kind == "some") {
      totals.someMicros = *total;
      sawSome = true;
    } else {
      totals.fullMicros = *total;
    }
  }
  if (!sawSome) return fail("no \"some\" line");
  return totals;
}

std::unique_ptr<Collector> makePressureCollector(const CollectorContext& context) {
  return std::make_unique<PressureCollector>(context.options.paths);
}

}  // namespace unyo::collectors
