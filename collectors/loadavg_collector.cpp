#include "collectors/loadavg_collector.h"

#include <string>

#include "collectors/proc_file.h"
#include "collectors/proc_text.h"
#include "collectors/registry.h"

namespace unyo::collectors {
namespace {

class LoadavgCollector final : public Collector {
 public:
  explicit LoadavgCollector(const HostPaths& paths) : file_(paths.proc("loadavg")) {}

  Expected<void> collect(Families& out) override {
    if (auto read = file_.read(buffer_); !read) return read;
    const auto load = parseLoadavg(buffer_);
    if (!load) return fail(file_.path().string() + ": " + load.error().message);
    auto load1 = gaugeFamily("node_load1", "1m load average.");
    auto load5 = gaugeFamily("node_load5", "5m load average.");
    auto load15 = gaugeFamily("node_load15", "15m load average.");
    addSample(load1, load->load1);
    addSample(load5, load->load5);
    addSample(load15, load->load15);
    out.push_back(std::move(load1));
    out.push_back(std::move(load5));
    out.push_back(std::move(load15));
    return {};
  }

 private:
  ProcFile file_;
  std::string buffer_;
};

}  // namespace

Expected<LoadAverage> parseLoadavg(std::string_view text) {
  std::string_view fields[3];
  if (splitFields(trimSpace(text), fields) < 3) {
    return fail("unexpected content: \"" + std::string(trimSpace(text)) + "\"");
  }
  double values[3];
  for (std::size_t i = 0; i < 3; ++i) {
    const auto v = parseNumber(fields[i]);
    if (!v) return fail("invalid load average \"" + std::string(fields[i]) + "\"");
    values[i] = *v;
  }
  return LoadAverage{values[0], values[1], values[2]};
}

std::unique_ptr<Collector> makeLoadavgCollector(const CollectorContext& context) {
  return std::make_unique<LoadavgCollector>(context.options.paths);
}

}  // namespace unyo::collectors
