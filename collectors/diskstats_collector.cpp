#include "collectors/diskstats_collector.h"

#include <algorithm>
#include <string>

#include "collectors/exclude_filter.h"
#include "collectors/proc_file.h"
#include "collectors/proc_text.h"
#include "collectors/registry.h"

namespace unyo::collectors {
namespace {

// The kernel counts "standard UNIX 512-byte sectors", whatever the device's
// block size (Documentation/admin-guide/iostats.rst).
constexpr double kSectorBytes = 512.0;
constexpr double kSecondsPerTick = 1.0 / 1000.0;  // the time columns are milliseconds

struct ColumnMetric {
  std::string_view name;
  std::string_view help;
  bool counter;
  double scale;
};

// One per /proc/diskstats column, in column order; names and help as node_exporter.
constexpr std::array<ColumnMetric, kDiskstatsColumns> kColumnMetrics = {{
    {"node_disk_reads_completed_total", "The total number of reads completed successfully.", true,
     1},
    {"node_disk_reads_merged_total", "The total number of reads merged.", true, 1},
    {"node_disk_read_bytes_total", "The total number of bytes read successfully.", true,
     kSectorBytes},
    {"node_disk_read_time_seconds_total", "The total number of seconds spent by all reads.", true,
     kSecondsPerTick},
    {"node_disk_writes_completed_total", "The total number of writes completed successfully.", true,
     1},
    {"node_disk_writes_merged_total", "The number of writes merged.", true, 1},
    {"node_disk_written_bytes_total", "The total number of bytes written successfully.", true,
     kSectorBytes},
    {"node_disk_write_time_seconds_total",
     "This is the total number of seconds spent by all writes.", true, kSecondsPerTick},
    {"node_disk_io_now", "The number of I/Os currently in progress.", false, 1},
    {"node_disk_io_time_seconds_total", "Total seconds spent doing I/Os.", true, kSecondsPerTick},
    {"node_disk_io_time_weighted_seconds_total", "The weighted # of seconds spent doing I/Os.",
     true, kSecondsPerTick},
    {"node_disk_discards_completed_total", "The total number of discards completed successfully.",
     true, 1},
    {"node_disk_discards_merged_total", "The total number of discards merged.", true, 1},
    {"node_disk_discarded_sectors_total", "The total number of sectors discarded successfully.",
     true, 1},
    {"node_disk_discard_time_seconds_total",
     "This is the total number of seconds spent by all discards.", true, kSecondsPerTick},
    // node_exporter's help has no final period here.
    {"node_disk_flush_requests_total", "The total number of flush requests completed successfully",
     true, 1},
    {"node_disk_flush_requests_time_seconds_total",
     "This is the total number of seconds spent by all flush requests.", true, kSecondsPerTick},
}};

class DiskstatsCollector final : public Collector {
 public:
  DiskstatsCollector(const HostPaths& paths, const std::string& excludeDevices)
      : file_(paths.proc("diskstats")) {
    auto filter = ExcludeFilter::compile(excludeDevices);
    if (filter) {
      exclude_ = std::move(*filter);
    } else {
      configError_ = "diskstats exclude_devices: " + filter.error().message;
    }
  }

  Expected<void> collect(Families& out) override {
    if (!configError_.empty()) return fail(configError_);
    if (auto read = file_.read(buffer_); !read) return read;
    const auto disks = parseDiskstats(buffer_);
    if (!disks) return fail(file_.path().string() + ": " + disks.error().message);

    std::array<prometheus::MetricFamily, kDiskstatsColumns> families;
    for (std::size_t c = 0; c < kDiskstatsColumns; ++c) {
      const ColumnMetric& m = kColumnMetrics[c];
      families[c] = m.counter ? counterFamily(std::string(m.name), std::string(m.help))
                              : gaugeFamily(std::string(m.name), std::string(m.help));
    }
    for (const DiskStats& disk : *disks) {
      if (exclude_.excludes(disk.device)) continue;
      for (std::size_t c = 0; c < disk.columns; ++c) {
        addSample(families[c], disk.values[c] * kColumnMetrics[c].scale,
                  {{"device", std::string(disk.device)}});
      }
    }
    for (auto& family : families) {
      if (!family.metric.empty()) out.push_back(std::move(family));
    }
    return {};
  }

 private:
  ProcFile file_;
  ExcludeFilter exclude_;
  std::string configError_;
  std::string buffer_;
};

}  // namespace

Expected<std::vector<DiskStats>> parseDiskstats(std::string_view text) {
  std::vector<DiskStats> disks;
  std::string_view line;
  while (popLine(text, line)) {
    std::array<std::string_view, 3 + kDiskstatsColumns> fields;
    const std::size_t count = splitFields(line, fields);
    if (count == 0) continue;
    if (count < 3 + kDiskstatsMinColumns) {
      return fail("invalid line: \"" + std::string(trimSpace(line)) + "\"");
    }
    DiskStats disk;
    disk.device = fields[2];
    disk.columns = std::min(count - 3, kDiskstatsColumns);
    for (std::size_t c = 0; c < disk.columns; ++c) {
      const auto value = parseUnsigned(fields[3 + c]);
      if (!value) {
        return fail("invalid value \"" + std::string(fields[3 + c]) + "\" for device " +
                    std::string(disk.device));
      }
      disk.values[c] = static_cast<double>(*value);
    }
    disks.push_back(disk);
  }
  return disks;
}

std::unique_ptr<Collector> makeDiskstatsCollector(const CollectorContext& context) {
  return std::make_unique<DiskstatsCollector>(context.options.paths,
                                              context.options.diskstats.excludeDevices);
}

}  // namespace unyo::collectors
