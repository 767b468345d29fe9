#include "collectors/stat_collector.h"

#include <string>

#include "collectors/proc_file.h"
#include "collectors/proc_text.h"
#include "collectors/registry.h"

namespace unyo::collectors {
namespace {

double* fieldFor(ProcStat& stat, std::string_view key) {
  if (key == "intr") return &stat.interrupts;
  if (key == "ctxt") return &stat.contextSwitches;
  if (key == "btime") return &stat.bootTime;
  if (key == "processes") return &stat.forks;
  if (key == "procs_running") return &stat.procsRunning;
  if (key == "procs_blocked") return &stat.procsBlocked;
  return nullptr;
}

class StatCollector final : public Collector {
 public:
  explicit StatCollector(const HostPaths& paths) : file_(paths.proc("stat")) {}

  Expected<void> collect(Families& out) override {
    if (auto read = file_.read(buffer_); !read) return read;
    const auto stat = parseProcStat(buffer_);
    if (!stat) return fail(file_.path().string() + ": " + stat.error().message);
    auto add = [&out](prometheus::MetricFamily family, double value) {
      addSample(family, value);
      out.push_back(std::move(family));
    };
    add(gaugeFamily("node_boot_time_seconds", "Node boot time, in unixtime."), stat->bootTime);
    add(counterFamily("node_context_switches_total", "Total number of context switches."),
        stat->contextSwitches);
    add(counterFamily("node_forks_total", "Total number of forks."), stat->forks);
    add(counterFamily("node_intr_total", "Total number of interrupts serviced."), stat->interrupts);
    add(gaugeFamily("node_procs_blocked",
                    "Number of processes blocked waiting for I/O to complete."),
        stat->procsBlocked);
    add(gaugeFamily("node_procs_running", "Number of processes in runnable state."),
        stat->procsRunning);
    return {};
  }

 private:
  ProcFile file_;
  std::string buffer_;
};

}  // namespace

Expected<ProcStat> parseProcStat(std::string_view text) {
  ProcStat stat;
  std::string_view line;
  while (popLine(text, line)) {
    std::string_view key;
    if (!popField(line, key)) continue;
    double* field = fieldFor(stat, key);
    if (field == nullptr) continue;
    std::string_view value;
    const auto number = popField(line, value) ? parseUnsigned(value) : std::nullopt;
    if (!number) return fail("invalid \"" + std::string(key) + "\" line");
    *field = static_cast<double>(*number);
  }
  return stat;
}

std::unique_ptr<Collector> makeStatCollector(const CollectorContext& context) {
  return std::make_unique<StatCollector>(context.options.paths);
}

}  // namespace unyo::collectors
