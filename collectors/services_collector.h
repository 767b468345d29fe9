#pragma once

// Per systemd service CPU, memory, I/O and state from the cgroup v2 tree
// (sysfs/fs/cgroup/system.slice/<unit>/ and one sub-slice level down, where
// systemd puts template instances): unyo_service_*{name="<unit>"}. On a
// cgroup v1 or hybrid host the collector fails with a message saying so.

#include <cstdint>
#include <memory>
#include <string_view>

#include "base/error.h"
#include "collectors/collector.h"

namespace unyo::collectors {

struct CollectorContext;

// cpu.stat: the "usage_usec" value, in microseconds.
Expected<std::uint64_t> parseCpuStat(std::string_view text);

// memory.current: one number, in bytes.
Expected<std::uint64_t> parseMemoryCurrent(std::string_view text);

struct IoBytes {
  std::uint64_t read = 0;
  std::uint64_t written = 0;
};

// io.stat: "MAJ:MIN rbytes=N wbytes=N rios=N ..." lines, summed over
// devices. Empty text (no I/O yet) is zero.
Expected<IoBytes> parseIoStat(std::string_view text);

// cgroup.events: whether "populated 1", i.e. the cgroup has processes.
Expected<bool> parseCgroupEvents(std::string_view text);

std::unique_ptr<Collector> makeServicesCollector(const CollectorContext& context);

}  // namespace unyo::collectors
