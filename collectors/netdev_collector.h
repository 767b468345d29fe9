#pragma once

// Network interface counters from /proc/net/dev, as node_exporter 1.5's
// netdev collector reading procfs (--no-collector.netdev.netlink):
// node_network_{receive,transmit}_<column>_total{device}, one family per
// column the kernel's header names (bytes, packets, errs, drop, fifo, ...).

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "collectors/collector.h"

namespace unyo::collectors {

struct CollectorContext;

struct NetDevice {
  std::string_view name;  // a view into the parsed text
  // One per NetDevStats::columns; empty where the kernel printed no number.
  std::vector<std::optional<double>> values;
};

struct NetDevStats {
  std::vector<std::string> columns;  // "receive_bytes", ..., "transmit_compressed"
  std::vector<NetDevice> devices;
};

Expected<NetDevStats> parseNetDev(std::string_view text);

std::unique_ptr<Collector> makeNetdevCollector(const CollectorContext& context);

}  // namespace unyo::collectors
