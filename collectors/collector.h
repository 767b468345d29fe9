#pragma once

// One collector per file, like node_exporter's collector/ folder. A collector
// reads its source (under HostPaths), parses it with a pure parseX(text)
// function and appends families. A failed collector reports an error; the
// sampler drops whatever it appended and the scrape carries on.

#include "base/error.h"
#include "base/metric_family.h"

namespace unyo::collectors {

class Collector {
 public:
  virtual ~Collector() = default;
  virtual Expected<void> collect(Families& out) = 0;

  // Whether the next collect() may wait on something that can hang (a
  // network filesystem). When no collector may, the agent samples on its
  // event loop and skips the hand-off to its sampling thread.
  virtual bool mayBlock() const { return false; }
};

}  // namespace unyo::collectors
