#pragma once

// Block device I/O from /proc/diskstats, as node_exporter 1.5's diskstats
// collector: node_disk_reads_completed_total{device} ... node_disk_flush_
// requests_time_seconds_total{device}, only the columns the kernel prints
// (discards since 4.18, flushes since 5.5). Partitions and virtual devices
// are left out by options.diskstats.excludeDevices.
//
// Not exported: node_disk_info, node_disk_filesystem_info,
// node_disk_device_mapper_info and node_disk_ata_*. Their labels come from
// udev's database (/run/udev/data), which a containerised agent or a fixture
// tree does not have; dashboards key on the counters, not on these.

#include <array>
#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "collectors/collector.h"

namespace unyo::collectors {

struct CollectorContext;

// The statistics columns of a /proc/diskstats line, after major, minor and name.
inline constexpr std::size_t kDiskstatsColumns = 17;
// Kernels before 4.18 print only the first 11.
inline constexpr std::size_t kDiskstatsMinColumns = 11;

struct DiskStats {
  std::string_view device;                         // a view into the parsed text
  std::size_t columns = 0;                         // how many of `values` the kernel printed
  std::array<double, kDiskstatsColumns> values{};  // raw: sectors, milliseconds, counts
};

Expected<std::vector<DiskStats>> parseDiskstats(std::string_view text);

std::unique_ptr<Collector> makeDiskstatsCollector(const CollectorContext& context);

}  // namespace unyo::collectors
