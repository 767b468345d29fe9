#pragma once

// Every /proc/meminfo line as node_exporter 1.5 names it:
//   MemTotal:  16 kB      -> node_memory_MemTotal_bytes 16384
//   Active(anon): 4 kB    -> node_memory_Active_anon_bytes 4096
//   HugePages_Total: 0    -> node_memory_HugePages_Total 0   (no unit, no _bytes)

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "collectors/collector.h"

namespace unyo::collectors {

struct CollectorContext;

struct MeminfoField {
  std::string name;  // the metric name after "node_memory_"
  double value = 0;  // bytes when the line has a kB unit
};

Expected<std::vector<MeminfoField>> parseMeminfo(std::string_view text);

std::unique_ptr<Collector> makeMeminfoCollector(const CollectorContext& context);

}  // namespace unyo::collectors
