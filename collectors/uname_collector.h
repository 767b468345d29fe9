#pragma once

// node_uname_info{domainname,machine,nodename,release,sysname,version} 1, as
// node_exporter 1.5, but read from procfs/sys/kernel/ rather than uname(2),
// so a fixture tree gives a deterministic result and a containerised agent
// pointed at the host's /proc reports the host.

#include <memory>
#include <string>
#include <string_view>

#include "collectors/collector.h"

namespace unyo::collectors {

struct CollectorContext;

struct UnameInfo {
  std::string domainname;  // sys/kernel/domainname, "(none)" when unset
  std::string machine;     // sys/kernel/arch
  std::string nodename;    // sys/kernel/hostname
  std::string release;     // sys/kernel/osrelease
  std::string sysname;     // sys/kernel/ostype
  std::string version;     // sys/kernel/version
};

// A sys/kernel file's value: its text without the trailing newline.
std::string_view kernelValue(std::string_view fileText);

std::unique_ptr<Collector> makeUnameCollector(const CollectorContext& context);

}  // namespace unyo::collectors
