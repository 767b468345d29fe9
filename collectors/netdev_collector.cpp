#include "collectors/netdev_collector.h"

#include "collectors/exclude_filter.h"
#include "collectors/proc_file.h"
#include "collectors/proc_text.h"
#include "collectors/registry.h"

namespace unyo::collectors {
namespace {

void appendColumns(std::string_view header, std::string_view direction,
                   std::vector<std::string>& columns) {
  std::string_view field;
  while (popField(header, field)) {
    std::string column(direction);
    column += '_';
    column += field;
    columns.push_back(std::move(column));
  }
}

class NetdevCollector final : public Collector {
 public:
  NetdevCollector(const HostPaths& paths, const std::string& excludeDevices)
      : file_(paths.proc("net/dev")) {
    auto filter = ExcludeFilter::compile(excludeDevices);
    if (filter) {
      exclude_ = std::move(*filter);
    } else {
      configError_ = "netdev exclude_devices: " + filter.error().message;
    }
  }

  Expected<void> collect(Families& out) override {
    if (!configError_.empty()) return fail(configError_);
    if (auto read = file_.read(buffer_); !read) return read;
    const auto stats = parseNetDev(buffer_);
    if (!stats) return fail(file_.path().string() + ": " + stats.error().message);

    std::vector<prometheus::MetricFamily> families;
    families.reserve(stats->columns.size());
    for (const std::string& column : stats->columns) {
      families.push_back(counterFamily("node_network_" + column + "_total",
                                       "Network device statistic " + column + "."));
    }
    for (const NetDevice& device : stats->devices) {
      if (exclude_.excludes(device.name)) continue;
      for (std::size_t c = 0; c < device.values.size(); ++c) {
        if (!device.values[c]) continue;
        addSample(families[c], *device.values[c], {{"device", std::string(device.name)}});
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

Expected<NetDevStats> parseNetDev(std::string_view text) {
  // Two header lines; the second names the columns:
  //  face |bytes    packets errs ...|bytes    packets errs ...
  std::string_view line;
  popLine(text, line);
  if (!popLine(text, line)) return fail("no header line");
  const std::size_t receiveAt = line.find('|');
  const std::size_t transmitAt =
      receiveAt == std::string_view::npos ? receiveAt : line.find('|', receiveAt + 1);
  if (transmitAt == std::string_view::npos || line.find('|', transmitAt + 1) != line.npos) {
    return fail("invalid header line: \"" + std::string(line) + "\"");
  }
  NetDevStats stats;
  appendColumns(line.substr(receiveAt + 1, transmitAt - receiveAt - 1), "receive", stats.columns);
  appendColumns(line.substr(transmitAt + 1), "transmit", stats.columns);

  while (popLine(text, line)) {
    if (trimSpace(line).empty()) continue;
    // Interface names cannot contain ':' (dev_valid_name), so the first one ends the name.
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || trimSpace(line.substr(0, colon)).empty()) {
      return fail("invalid line: \"" + std::string(trimSpace(line)) + "\"");
    }
    NetDevice device;
    device.name = trimSpace(line.substr(0, colon));
    std::string_view values = line.substr(colon + 1);
    std::string_view field;
    std::size_t count = 0;
    while (popField(values, field) && ++count <= stats.columns.size()) {
      // As node_exporter: a column that is not a number is left out, not fatal.
      const auto value = parseUnsigned(field);
      device.values.push_back(value ? std::optional(static_cast<double>(*value)) : std::nullopt);
    }
    if (count != stats.columns.size()) {
      return fail("expected " + std::to_string(stats.columns.size()) + " values for " +
                  std::string(device.name));
    }
    stats.devices.push_back(std::move(device));
  }
  return stats;
}

std::unique_ptr<Collector> makeNetdevCollector(const CollectorContext& context) {
  return std::make_unique<NetdevCollector>(context.options.paths,
                                           context.options.netdev.excludeDevices);
}

}  // namespace unyo::collectors
