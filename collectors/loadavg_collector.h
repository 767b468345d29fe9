#pragma once

// node_load1, node_load5, node_load15 from /proc/loadavg, as node_exporter 1.5.

#include <memory>
#include <string_view>

#include "base/error.h"
#include "collectors/collector.h"

namespace unyo::collectors {

struct CollectorContext;

struct LoadAverage {
  double load1 = 0;
  double load5 = 0;
  double load15 = 0;
};

Expected<LoadAverage> parseLoadavg(std::string_view text);

std::unique_ptr<Collector> makeLoadavgCollector(const CollectorContext& context);

}  // namespace unyo::collectors
