#include "collectors/services_collector.h"

#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "base/logger.h"
#include "collectors/proc_text.h"
#include "collectors/registry.h"

namespace unyo::collectors {
namespace {

// docs/metrics.md fixes the label: `service`, the unit name ("nginx.service").
constexpr const char* kServiceLabel = "service";

// Bigger than any cpu.stat, memory.current or cgroup.events, and than the
// io.stat of a few dozen devices.
constexpr std::size_t kReadSize = 4096;

struct UnitSample {
  std::string name;
  std::optional<double> cpuSeconds;
  std::optional<double> memoryBytes;
  std::optional<IoBytes> io;
  std::optional<bool> active;
};

struct DirCloser {
  void operator()(DIR* dir) const { ::closedir(dir); }
};
using DirHandle = std::unique_ptr<DIR, DirCloser>;

// Unit names contain backslashes ("dev-disk-by\x2duuid-...") and never a
// glob character, so patterns match them without backslash escapes.
bool matchesAny(const std::vector<std::string>& patterns, const char* unit) {
  return std::any_of(patterns.begin(), patterns.end(), [unit](const std::string& pattern) {
    return ::fnmatch(pattern.c_str(), unit, FNM_NOESCAPE) == 0;
  });
}

bool hasGlob(const std::string& pattern) {
  return pattern.find_first_of("*?[") != std::string::npos;
}

class ServicesCollector final : public Collector {
 public:
  ServicesCollector(const HostPaths& paths, const ServicesOptions& options, Logger& log)
      : controllers_(paths.sys("fs/cgroup/cgroup.controllers")),
        systemSlice_(paths.sys("fs/cgroup/system.slice")),
        notUnified_("cgroup v2 is not mounted at " + paths.sys("fs/cgroup").string() +
                    " (cgroup v1 or hybrid host); per-service metrics need the unified "
                    "hierarchy (collectors.disabled: [services] turns this collector off)"),
        include_(options.include),
        exclude_(options.exclude),
        log_(log) {}

  Expected<void> collect(Families& out) override {
    // The unified hierarchy has cgroup.controllers at its root; v1 and
    // hybrid hosts have a tmpfs of per-controller mounts there instead.
    // The sampler logs the error once, when the collector starts failing.
    if (::access(controllers_.c_str(), F_OK) != 0) {
      if (errno != ENOENT) return fail(controllers_ + ": " + std::strerror(errno));
      return fail(notUnified_);
    }

    units_.clear();
    DirHandle slice(::opendir(systemSlice_.c_str()));
    if (slice) {
      scan(slice.get(), true);
    } else if (errno != ENOENT) {  // no system.slice: no systemd, no services
      return fail(systemSlice_ + ": " + std::strerror(errno));
    }
    addStoppedUnits();
    std::sort(units_.begin(), units_.end(),
              [](const UnitSample& a, const UnitSample& b) { return a.name < b.name; });
    emit(out);
    return {};
  }

 private:
  // One pass over the slice's entries; `descend` looks one level into
  // sub-slices, where systemd puts template instances (system-getty.slice).
  void scan(DIR* dir, bool descend) {
    const int dirFd = ::dirfd(dir);
    while (const dirent* entry = ::readdir(dir)) {
      if (entry->d_type != DT_DIR && entry->d_type != DT_UNKNOWN) continue;  // cgroup files
      const char* name = entry->d_name;
      if (name[0] == '.') continue;
      if (descend && std::string_view(name).ends_with(".slice")) {
        const int subFd = ::openat(dirFd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (subFd >= 0) {
          DirHandle sub(::fdopendir(subFd));
          if (sub) {
            scan(sub.get(), false);
          } else {
            ::close(subFd);
          }
        }
      }
      if (matchesAny(include_, name) && !matchesAny(exclude_, name)) readUnit(dirFd, name);
    }
  }

  void readUnit(int sliceFd, const char* name) {
    const int unitFd = ::openat(sliceFd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (unitFd < 0) return;  // stopped since the listing, or not a directory
    UnitSample unit{name, {}, {}, {}, {}};
    // A file is missing when its controller is not enabled for the cgroup
    // (io.stat without IOAccounting): that series is left out.
    if (auto usec = parsedAt(unitFd, name, "cpu.stat", parseCpuStat)) {
      unit.cpuSeconds = static_cast<double>(*usec) / 1e6;
    }
    if (auto bytes = parsedAt(unitFd, name, "memory.current", parseMemoryCurrent)) {
      unit.memoryBytes = static_cast<double>(*bytes);
    }
    unit.io = parsedAt(unitFd, name, "io.stat", parseIoStat);
    unit.active = parsedAt(unitFd, name, "cgroup.events", parseCgroupEvents);
    ::close(unitFd);
    units_.push_back(std::move(unit));
  }

  template <class T>
  std::optional<T> parsedAt(int unitFd, const char* unit, const char* file,
                            Expected<T> (*parse)(std::string_view)) {
    const auto text = readAt(unitFd, file);
    if (!text) return std::nullopt;
    auto value = parse(*text);
    if (!value) {
      log_.debug("cgroup file not understood; series left out",
                 {{"unit", unit}, {"file", file}, {"err", value.error().message}});
      return std::nullopt;
    }
    return *value;
  }

  // The whole file in one read(2) in the usual case: a cgroup file hands
  // all of its text to a read that has room for it, so a short read is the
  // end and the read that would return 0 is saved.
  std::optional<std::string_view> readAt(int dirFd, const char* file) {
    const int fd = ::openat(dirFd, file, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    if (buffer_.size() < kReadSize) buffer_.resize(kReadSize);
    std::size_t used = 0;
    bool ok = true;
    for (;;) {
      const ssize_t n = ::read(fd, buffer_.data() + used, buffer_.size() - used);
      if (n < 0) {
        if (errno == EINTR) continue;
        ok = false;
        break;
      }
      used += static_cast<std::size_t>(n);
      if (used < buffer_.size()) break;
      buffer_.resize(buffer_.size() * 2);
    }
    ::close(fd);
    if (!ok) return std::nullopt;
    return std::string_view(buffer_.data(), used);
  }

  // A unit named without glob characters whose cgroup does not exist is
  // stopped (systemd removes the cgroup): report it inactive so that an
  // alert on it fires instead of its series silently disappearing.
  void addStoppedUnits() {
    for (const std::string& pattern : include_) {
      if (pattern.empty() || hasGlob(pattern) || matchesAny(exclude_, pattern.c_str())) continue;
      const bool found = std::any_of(units_.begin(), units_.end(),
                                     [&](const UnitSample& u) { return u.name == pattern; });
      if (!found) units_.push_back({pattern, {}, {}, {}, false});
    }
  }

  void emit(Families& out) const {
    auto cpu = counterFamily("unyo_service_cpu_seconds_total",
                             "CPU time the service's processes have used, in seconds "
                             "(cgroup cpu.stat usage_usec).");
    auto memory = gaugeFamily("unyo_service_memory_bytes",
                              "Memory the service's cgroup uses, page cache and kernel memory "
                              "included (cgroup memory.current).");
    auto read = counterFamily("unyo_service_io_read_bytes_total",
                              "Bytes the service has read from block devices, summed over "
                              "devices (cgroup io.stat rbytes).");
    auto write = counterFamily("unyo_service_io_write_bytes_total",
                               "Bytes the service has written to block devices, summed over "
                               "devices (cgroup io.stat wbytes).");
    auto active = gaugeFamily("unyo_service_active",
                              "1 if the service's cgroup has processes (cgroup.events populated), "
                              "0 if it has none or the unit is stopped.");
    for (const UnitSample& unit : units_) {
      const Labels labels = {{kServiceLabel, unit.name}};
      if (unit.cpuSeconds) addSample(cpu, *unit.cpuSeconds, labels);
      if (unit.memoryBytes) addSample(memory, *unit.memoryBytes, labels);
      if (unit.io) {
        addSample(read, static_cast<double>(unit.io->read), labels);
        addSample(write, static_cast<double>(unit.io->written), labels);
      }
      if (unit.active) addSample(active, *unit.active ? 1.0 : 0.0, labels);
    }
    for (auto* family : {&cpu, &memory, &read, &write, &active}) {
      if (!family->metric.empty()) out.push_back(std::move(*family));
    }
  }

  std::string controllers_;
  std::string systemSlice_;
  std::string notUnified_;
  std::vector<std::string> include_;
  std::vector<std::string> exclude_;
  Logger& log_;
  std::vector<UnitSample> units_;  // reused across cycles
  std::string buffer_;
};

}  // namespace

Expected<std::uint64_t> parseCpuStat(std::string_view text) {
  std::string_view line;
  while (popLine(text, line)) {
    std::string_view key;
    std::string_view value;
    if (!popField(line, key) || key != "usage_usec") continue;
    if (popField(line, value)) {
      if (const auto usec = parseUnsigned(value)) return *usec;
    }
    return fail("invalid usage_usec line");
  }
  return fail("no usage_usec line");
}

Expected<std::uint64_t> parseMemoryCurrent(std::string_view text) {
  const std::string_view value = trimSpace(text);
  if (const auto bytes = parseUnsigned(value)) return *bytes;
  return fail("not a number: \"" + std::string(value) + "\"");
}

Expected<IoBytes> parseIoStat(std::string_view text) {
  IoBytes total;
  std::string_view line;
  while (popLine(text, line)) {
    std::string_view field;
    if (!popField(line, field)) continue;
    if (field.find(':') == std::string_view::npos) {
      return fail("no MAJ:MIN device at the start of \"" + std::string(field) + "\"");
    }
    // Other keys (rios, wios, dbytes, dios, and iocost's cost.*) are not used.
    while (popField(line, field)) {
      const bool isRead = field.starts_with("rbytes=");
      if (!isRead && !field.starts_with("wbytes=")) continue;
      const auto bytes = parseUnsigned(field.substr(7));
      if (!bytes) return fail("invalid \"" + std::string(field) + "\"");
      (isRead ? total.read : total.written) += *bytes;
    }
  }
  return total;
}

Expected<bool> parseCgroupEvents(std::string_view text) {
  std::string_view line;
  while (popLine(text, line)) {
    std::string_view key;
    std::string_view value;
    if (!popField(line, key) || key != "populated") continue;
    if (popField(line, value) && (value == "0" || value == "1")) return value == "1";
    return fail("invalid populated line");
  }
  return fail("no populated line");
}

std::unique_ptr<Collector> makeServicesCollector(const CollectorContext& context) {
  return std::make_unique<ServicesCollector>(context.options.paths, context.options.services,
                                             context.log);
}

}  // namespace unyo::collectors
