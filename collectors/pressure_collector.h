#pragma once

// Pressure stall information from procfs/pressure/{cpu,io,memory}, as
// node_exporter 1.5: node_pressure_cpu_waiting_seconds_total and
// node_pressure_{io,memory}_{waiting,stalled}_seconds_total.

#include <memory>
#include <optional>
#include <string_view>

#include "base/error.h"
#include "collectors/collector.h"

namespace unyo::collectors {

struct CollectorContext;

// The cumulative "total=" of a PSI file, in microseconds.
struct PressureTotals {
  double someMicros = 0;             // some task stalled ("waiting")
  std::optional<double> fullMicros;  // every task stalled ("stalled"); cpu lacks it before 5.13
};

Expected<PressureTotals> parsePressure(std::string_view text);

std::unique_ptr<Collector> makePressureCollector(const CollectorContext& context);

}  // namespace unyo::collectors
