#pragma once

// The explicit list of collectors: name -> factory, with node_exporter-style
// on/off defaults. No static self-registration: registry.cpp lists them all.

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/logger.h"
#include "collectors/collector.h"
#include "collectors/options.h"
#include "collectors/statfs.h"

namespace unyo::collectors {

// What a factory may use to build its collector.
struct CollectorContext {
  const Options& options;
  const Clock& clock;
  Logger& log;
  StatFs& statFs;
};

struct CollectorFactory {
  std::string_view name;
  bool enabledByDefault;
  std::string_view description;
  std::unique_ptr<Collector> (*create)(const CollectorContext&);
};

std::span<const CollectorFactory> collectorRegistry();

bool isKnownCollector(std::string_view name);

struct NamedCollector {
  std::string name;
  std::unique_ptr<Collector> collector;
};

// The collectors to run: when `only` is non-empty, exactly those (the CLI's
// --collector); otherwise every default-on collector not in options.disabled.
// Unknown names are an error.
Expected<std::vector<NamedCollector>> buildCollectors(const CollectorContext& context,
                                                      std::span<const std::string> only = {});

}  // namespace unyo::collectors
