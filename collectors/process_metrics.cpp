#include "collectors/process_metrics.h"

#include <dirent.h>
#include <unistd.h>

#include <array>
#include <limits>
#include <string>
#include <system_error>

#include "base/host_paths.h"
#include "collectors/proc_text.h"
#include "collectors/stat_collector.h"

namespace unyo::collectors {
namespace {

constexpr double kUserHz = 100.0;  // /proc counts in USER_HZ, 100 on every Linux architecture

// utime is field 14 of /proc/<pid>/stat; after "pid (comm)" it is the 12th.
constexpr std::size_t kUtimeAfterComm = 11;
constexpr std::size_t kStimeAfterComm = 12;
constexpr std::size_t kStarttimeAfterComm = 19;
constexpr std::size_t kVsizeAfterComm = 20;
constexpr std::size_t kRssAfterComm = 21;

std::optional<double> limitValue(std::string_view text) {
  if (text == "unlimited") return static_cast<double>(std::numeric_limits<std::uint64_t>::max());
  const auto value = parseUnsigned(text);
  if (!value) return std::nullopt;
  return static_cast<double>(*value);
}

// readdir(3) rather than std::filesystem: no path object per entry, and
// this runs on every scrape.
std::optional<double> countOpenFds(const std::filesystem::path& fdDir) {
  DIR* dir = ::opendir(fdDir.c_str());
  if (dir == nullptr) return std::nullopt;
  double count = 0;
  while (const dirent* entry = ::readdir(dir)) {
    if (entry->d_name[0] != '.') ++count;
  }
  ::closedir(dir);
  return count;
}

void addGauge(Families& out, std::string name, std::string help, std::optional<double> value) {
  if (!value) return;
  auto family = gaugeFamily(std::move(name), std::move(help));
  addSample(family, *value);
  out.push_back(std::move(family));
}

}  // namespace

Expected<ProcSelfStat> parseProcSelfStat(std::string_view text) {
  const std::size_t commEnd = text.rfind(')');
  if (commEnd == std::string_view::npos) return fail("no \")\" after the command name");
  std::array<std::string_view, kRssAfterComm + 1> fields;
  if (splitFields(trimSpace(text.substr(commEnd + 1)), fields) < fields.size()) {
    return fail("too few fields");
  }
  auto number = [&](std::size_t index) -> std::optional<double> {
    const auto value = parseUnsigned(fields[index]);
    if (!value) return std::nullopt;
    return static_cast<double>(*value);
  };
  const auto utime = number(kUtimeAfterComm);
  const auto stime = number(kStimeAfterComm);
  const auto start = number(kStarttimeAfterComm);
  const auto vsize = number(kVsizeAfterComm);
  // rss is signed in the kernel's format; it is never negative in practice.
  const auto rss = number(kRssAfterComm);
  if (!utime || !stime || !start || !vsize || !rss) return fail("invalid number");
  return ProcSelfStat{*utime, *stime, *start, *vsize, *rss};
}

ProcessLimits parseProcessLimits(std::string_view text) {
  // "Max open files            1024                 524288               files"
  ProcessLimits limits;
  std::string_view line;
  while (popLine(text, line)) {
    std::optional<double>* target = nullptr;
    std::string_view rest;
    if (line.starts_with("Max open files")) {
      target = &limits.maxOpenFiles;
      rest = line.substr(std::string_view("Max open files").size());
    } else if (line.starts_with("Max address space")) {
      target = &limits.maxAddressSpace;
      rest = line.substr(std::string_view("Max address space").size());
    } else {
      continue;
    }
    std::string_view soft;
    if (popField(rest, soft)) *target = limitValue(soft);
  }
  return limits;
}

ProcessMetrics::ProcessMetrics(std::filesystem::path procfs)
    : selfStat_(procfs / "self/stat"), fdDir_(procfs / "self/fd") {
  if (readFileInto(procfs / "stat", buffer_)) {
    if (auto stat = parseProcStat(buffer_)) bootTime_ = stat->bootTime;
  }
  if (readFileInto(procfs / "self/limits", buffer_)) limits_ = parseProcessLimits(buffer_);
}

Families ProcessMetrics::collect() {
  Families out;
  std::string& buffer = buffer_;
  const std::optional<double>& bootTime = bootTime_;

  std::optional<ProcSelfStat> self;
  if (selfStat_.read(buffer)) {
    if (auto parsed = parseProcSelfStat(buffer)) self = *parsed;
  }
  const ProcessLimits& limits = limits_;

  if (self) {
    auto cpu = counterFamily("process_cpu_seconds_total",
                             "Total user and system CPU time spent in seconds.");
    addSample(cpu, (self->userTicks + self->systemTicks) / kUserHz);
    out.push_back(std::move(cpu));
  }
  addGauge(out, "process_max_fds", "Maximum number of open file descriptors.", limits.maxOpenFiles);
  addGauge(out, "process_open_fds", "Number of open file descriptors.", countOpenFds(fdDir_));
  if (self) {
    const double pageSize = static_cast<double>(::sysconf(_SC_PAGESIZE));
    addGauge(out, "process_resident_memory_bytes", "Resident memory size in bytes.",
             self->residentPages * pageSize);
    if (bootTime) {
      addGauge(out, "process_start_time_seconds",
               "Start time of the process since unix epoch in seconds.",
               *bootTime + self->startTicks / kUserHz);
    }
    addGauge(out, "process_virtual_memory_bytes", "Virtual memory size in bytes.",
             self->virtualBytes);
  }
  addGauge(out, "process_virtual_memory_max_bytes",
           "Maximum amount of virtual memory available in bytes.", limits.maxAddressSpace);
  return out;
}

}  // namespace unyo::collectors
