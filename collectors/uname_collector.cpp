#include "collectors/uname_collector.h"

#include <sys/utsname.h>

#include "collectors/proc_file.h"
#include "collectors/registry.h"

namespace unyo::collectors {
namespace {

class UnameCollector final : public Collector {
 public:
  explicit UnameCollector(const HostPaths& paths)
      : kernel_(paths.proc("sys/kernel")),
        hostname_(kernel_ / "hostname"),
        domainname_(kernel_ / "domainname") {}

  Expected<void> collect(Families& out) override {
    // Only the host and domain names change without a reboot: read the
    // rest once.
    if (!haveBootConstants_) {
      if (auto r = readValue("osrelease", info_.release); !r) return r;
      if (auto r = readValue("ostype", info_.sysname); !r) return r;
      if (auto r = readValue("version", info_.version); !r) return r;
      if (auto r = readMachine(); !r) return r;
      haveBootConstants_ = true;
    }
    if (auto r = readValue(hostname_, info_.nodename); !r) return r;
    if (auto r = readValue(domainname_, info_.domainname); !r) return r;

    auto family = gaugeFamily("node_uname_info",
                              "Labeled system information as provided by the uname system call.");
    addSample(family, 1,
              {{"domainname", info_.domainname},
               {"machine", info_.machine},
               {"nodename", info_.nodename},
               {"release", info_.release},
               {"sysname", info_.sysname},
               {"version", info_.version}});
    out.push_back(std::move(family));
    return {};
  }

 private:
  Expected<void> readValue(std::string_view file, std::string& value) {
    if (auto read = readFileInto(kernel_ / file, buffer_); !read) return read;
    value.assign(kernelValue(buffer_));
    return {};
  }

  Expected<void> readValue(ProcFile& file, std::string& value) {
    if (auto read = file.read(buffer_); !read) return read;
    value.assign(kernelValue(buffer_));
    return {};
  }

  // sys/kernel/arch is recent (Linux 6.1); older kernels only tell through
  // uname(2), which then describes the machine the agent runs on.
  Expected<void> readMachine() {
    if (readValue("arch", info_.machine)) return {};
    struct utsname names {};
    if (::uname(&names) != 0) return fail("uname(2) failed");
    info_.machine = names.machine;
    return {};
  }

  std::filesystem::path kernel_;
  ProcFile hostname_;
  ProcFile domainname_;
  std::string buffer_;
  UnameInfo info_;
  bool haveBootConstants_ = false;
};

}  // namespace

std::string_view kernelValue(std::string_view fileText) {
  while (!fileText.empty() && (fileText.back() == '\n' || fileText.back() == '\r')) {
    fileText.remove_suffix(1);
  }
  return fileText;
}

std::unique_ptr<Collector> makeUnameCollector(const CollectorContext& context) {
  return std::make_unique<UnameCollector>(context.options.paths);
}

}  // namespace unyo::collectors
