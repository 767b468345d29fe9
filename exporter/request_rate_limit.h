#pragma once

// The web config's rate_limit: a token bucket shared by every client, as
// exporter-toolkit's (golang.org/x/time/rate): `burst` requests may come at
// once, then one per `interval` on average. Over it a request gets 429.

#include "base/clock.h"
#include "exporter/web_config.h"

namespace unyo::exporter {

class RequestRateLimit {
 public:
  RequestRateLimit(const Clock& clock, RateLimit limit);

  // Takes a token if one is there.
  bool allow();

 private:
  const Clock& clock_;
  RateLimit limit_;
  double tokens_;
  Clock::SteadyTime refilledAt_;
};

}  // namespace unyo::exporter
