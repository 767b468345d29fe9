#include "collectors/cpu_collector.h"

#include <string>

#include "collectors/proc_file.h"
#include "collectors/proc_text.h"
#include "collectors/registry.h"

namespace unyo::collectors {
namespace {

// /proc/stat counts in USER_HZ, which is 100 on every Linux architecture.
constexpr double kUserHz = 100.0;
// node_exporter's rule: idle going back more than this is a CPU hotplug.
constexpr double kJumpBackSeconds = 3.0;
constexpr std::size_t kIdle = 3;
constexpr std::size_t kGuest = 8;
constexpr std::size_t kGuestNice = 9;

bool isCpuLine(std::string_view line) {
  return line.size() > 3 && line.starts_with("cpu") && line[3] >= '0' && line[3] <= '9';
}

class CpuCollector final : public Collector {
 public:
  explicit CpuCollector(const HostPaths& paths) : file_(paths.proc("stat")) {}

  Expected<void> collect(Families& out) override {
    if (auto read = file_.read(buffer_); !read) return read;
    auto cpus = parseCpuTimes(buffer_);
    if (!cpus) return fail(file_.path().string() + ": " + cpus.error().message);
    keepCountersMonotonic(*cpus);

    auto seconds = counterFamily("node_cpu_seconds_total", "Seconds the CPUs spent in each mode.");
    auto guest = counterFamily("node_cpu_guest_seconds_total",
                               "Seconds the CPUs spent in guests (VMs) for each mode.");
    for (const CpuTimes& cpu : last_) {
      const std::string id = std::to_string(cpu.cpu);
      for (std::size_t mode = 0; mode < kGuest; ++mode) {
        addSample(seconds, cpu.seconds[mode],
                  {{"cpu", id}, {"mode", std::string(kCpuColumns[mode])}});
      }
      // Guest time is also counted in user and nice; node_exporter shows it apart.
      addSample(guest, cpu.seconds[kGuest], {{"cpu", id}, {"mode", "user"}});
      addSample(guest, cpu.seconds[kGuestNice], {{"cpu", id}, {"mode", "nice"}});
    }
    if (!seconds.metric.empty()) out.push_back(std::move(seconds));
    if (!guest.metric.empty()) out.push_back(std::move(guest));
    return {};
  }

 private:
  // As node_exporter: a counter never goes backwards (some hypervisors make
  // them jitter), except that a big jump back in idle means the CPU was
  // unplugged and plugged again, which starts it over.
  void keepCountersMonotonic(const std::vector<CpuTimes>& now) {
    bool sameCpus = now.size() == last_.size();
    for (std::size_t i = 0; sameCpus && i < now.size(); ++i) sameCpus = now[i].cpu == last_[i].cpu;
    if (!sameCpus) {
      last_.assign(now.size(), CpuTimes{});
      for (std::size_t i = 0; i < now.size(); ++i) last_[i].cpu = now[i].cpu;
    }
    for (std::size_t i = 0; i < now.size(); ++i) {
      CpuTimes& kept = last_[i];
      if (kept.seconds[kIdle] - now[i].seconds[kIdle] >= kJumpBackSeconds) kept.seconds = {};
      for (std::size_t c = 0; c < kCpuColumns.size(); ++c) {
        if (now[i].seconds[c] >= kept.seconds[c]) kept.seconds[c] = now[i].seconds[c];
      }
    }
  }

  ProcFile file_;
  std::string buffer_;
  std::vector<CpuTimes> last_;
};

}  // namespace

Expected<std::vector<CpuTimes>> parseCpuTimes(std::string_view procStat) {
  std::vector<CpuTimes> cpus;
  std::string_view line;
  while (popLine(procStat, line)) {
    if (!isCpuLine(line)) {
      if (!cpus.empty()) break;  // the kernel prints every cpu line first
      continue;
    }
    std::string_view field;
    popField(line, field);
    CpuTimes cpu;
    const auto id = parseUnsigned(field.substr(3));
    if (!id || *id > 1'000'000) return fail("invalid cpu line: \"" + std::string(field) + "\"");
    cpu.cpu = static_cast<int>(*id);
    std::size_t column = 0;
    while (column < kCpuColumns.size() && popField(line, field)) {
      const auto ticks = parseUnsigned(field);
      if (!ticks) {
        return fail("invalid " + std::string(kCpuColumns[column]) + " value \"" +
                    std::string(field) + "\" for cpu" + std::to_string(cpu.cpu));
      }
      cpu.seconds[column++] = static_cast<double>(*ticks) / kUserHz;
    }
    if (column == 0) return fail("cpu" + std::to_string(cpu.cpu) + " line has no values");
    cpus.push_back(cpu);
  }
  return cpus;
}

std::unique_ptr<Collector> makeCpuCollector(const CollectorContext& context) {
  return std::make_unique<CpuCollector>(context.options.paths);
}

}  // namespace unyo::collectors
