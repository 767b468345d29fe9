#pragma once

// One collector per file, like node_exporter's collector/ folder. A collector
// reads its source (under HostPaths), parses it with a pure parseX(text)
// function and appends families. A failed collector reports an error; the
// sampler drops whatever it appended and the scrape carries on.

#include "collectors/error.h"
#include "collectors/metric_family.h"

namespace unyo::collectors {

class Collector {
 public:
  virtual ~Collector() = default;
  virtual Expected<void> collect(Families& out) = 0;
};

}  // namespace unyo::collectors
