#pragma once

// Reads the config's `cost:` section into CostOptions. Kept apart from
// config_loader.cpp because prices, the exchange rate and the baseline have
// rules of their own (a price is exactly one of usd or jpy; a USD price needs
// cost.fx.usd_jpy).

#include "agent/cost/cost_options.h"
#include "base/yaml_reader.h"

namespace unyo::agent {

// Reads `cost:` from the top-level mapping, if present (then
// `options.configured` is true). Every problem goes to `top.file()`'s
// diagnostics as FILE:LINE:COL; reading carries on after each.
void readCost(yaml::YamlMap& top, CostOptions& options);

}  // namespace unyo::agent
