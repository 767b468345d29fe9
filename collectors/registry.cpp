#include "collectors/registry.h"

#include <algorithm>

namespace unyo::collectors {
namespace {

// Every collector, in the order their families appear in the output.
constexpr CollectorFactory kCollectors[] = {
    // Filled in as collectors land.
    {"placeholder-never-built", false, "", nullptr},
};

}  // namespace

std::span<const CollectorFactory> collectorRegistry() {
  return std::span(kCollectors).subspan(0, 0);
}

bool isKnownCollector(std::string_view name) {
  const auto all = collectorRegistry();
  return std::any_of(all.begin(), all.end(), [&](const auto& f) { return f.name == name; });
}

Expected<std::vector<NamedCollector>> buildCollectors(const CollectorContext& context,
                                                      std::span<const std::string> only) {
  for (const auto& name : only) {
    if (!isKnownCollector(name)) return fail("unknown collector \"" + name + "\"");
  }
  std::vector<NamedCollector> built;
  for (const auto& factory : collectorRegistry()) {
    const bool wanted =
        only.empty()
            ? factory.enabledByDefault &&
                  std::find(context.options.disabled.begin(), context.options.disabled.end(),
                            factory.name) == context.options.disabled.end()
            : std::find(only.begin(), only.end(), factory.name) != only.end();
    if (wanted) built.push_back({std::string(factory.name), factory.create(context)});
  }
  return built;
}

}  // namespace unyo::collectors
