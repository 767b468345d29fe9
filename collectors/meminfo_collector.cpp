#include "collectors/meminfo_collector.h"

#include <unordered_map>
#include <utility>

#include "collectors/proc_file.h"
#include "collectors/proc_text.h"
#include "collectors/registry.h"

namespace unyo::collectors {
namespace {

// "Active(anon)" -> "Active_anon", node_exporter's s/\((.*)\)/_$1/.
std::string metricName(std::string_view key) {
  const std::size_t open = key.find('(');
  const std::size_t close = key.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    return std::string(key);
  }
  std::string name(key.substr(0, open));
  name += '_';
  name += key.substr(open + 1, close - open - 1);
  name += key.substr(close + 1);
  return name;
}

class MeminfoCollector final : public Collector {
 public:
  explicit MeminfoCollector(const HostPaths& paths) : file_(paths.proc("meminfo")) {}

  Expected<void> collect(Families& out) override {
    if (auto read = file_.read(buffer_); !read) return read;
    auto fields = parseMeminfo(buffer_);
    if (!fields) return fail(file_.path().string() + ": " + fields.error().message);
    for (const MeminfoField& field : *fields) {
      const auto& [name, help] = namesFor(field.name);
      auto family = gaugeFamily(name, help);
      addSample(family, field.value);
      out.push_back(std::move(family));
    }
    return {};
  }

 private:
  // The same ~50 fields every cycle: build each metric name and help text
  // once rather than concatenating them on every sample.
  const std::pair<std::string, std::string>& namesFor(const std::string& field) {
    auto it = names_.find(field);
    if (it == names_.end()) {
      it = names_.emplace(field, std::pair{"node_memory_" + field,
                                           "Memory information field " + field + "."})
               .first;
    }
    return it->second;
  }

  ProcFile file_;
  std::string buffer_;
  std::unordered_map<std::string, std::pair<std::string, std::string>> names_;
};

}  // namespace

Expected<std::vector<MeminfoField>> parseMeminfo(std::string_view text) {
  std::vector<MeminfoField> fields;
  std::string_view line;
  while (popLine(text, line)) {
    std::string_view parts[4];
    const std::size_t count = splitFields(line, parts);
    if (count == 0) continue;  // some kernels print empty lines
    if (count < 2 || count > 3 || !parts[0].ends_with(':')) {
      return fail("invalid line: \"" + std::string(line) + "\"");
    }
    const auto value = parseNumber(parts[1]);
    if (!value) return fail("invalid value in line: \"" + std::string(line) + "\"");
    MeminfoField field{metricName(parts[0].substr(0, parts[0].size() - 1)), *value};
    if (count == 3) {  // the kernel's only unit is kB (KiB)
      field.value *= 1024;
      field.name += "_bytes";
    }
    fields.push_back(std::move(field));
  }
  return fields;
}

std::unique_ptr<Collector> makeMeminfoCollector(const CollectorContext& context) {
  return std::make_unique<MeminfoCollector>(context.options.paths);
}

}  // namespace unyo::collectors
