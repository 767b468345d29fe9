#pragma once

// What the network actions' tests run on: a real io_context, a clock whose
// steady time is real (latency is measured across real sockets) and whose
// wall time is pinned (days_left stays exact against certificates made from
// it), and a helper that runs one action to completion.

#include <chrono>
#include <string>

#include "base/blocking_pool.h"
#include "base/clock.h"
#include "base/logger.h"
#include "fakes/fake_process_runner.h"
#include "playbooks/actions/action.h"
#include "unit/playbooks/process/coroutine_support.h"

namespace unyo::testing {

class PinnedWallClock final : public Clock {
 public:
  // Now, to the second (certificates carry whole seconds).
  PinnedWallClock()
      : wall_(
            std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now())) {}

  WallTime now() const override { return wall_; }
  SteadyTime steadyNow() const override { return std::chrono::steady_clock::now(); }
  std::int64_t unixNow() const {
    return std::chrono::duration_cast<std::chrono::seconds>(wall_.time_since_epoch()).count();
  }

 private:
  WallTime wall_;
};

inline constexpr std::int64_t kDay = 86400;

struct NetTestSystem {
  playbooks::ActionResult run(const playbooks::ActionDescriptor& descriptor, playbooks::Value with,
                              bool dryRun = false,
                              std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    playbooks::ActionRequest request;
    request.with = std::move(with);
    request.dryRun = dryRun;
    request.timeout = timeout;
    auto action = descriptor.create();
    return runToCompletion(io, action->run(request, access));
  }

  boost::asio::io_context io;
  PinnedWallClock clock;
  Logger log{clock, LogLevel::error, LogFormat::logfmt, -1};
  FakeProcessRunner processes;
  BlockingPool pool{1};
  playbooks::SystemAccess access{io.get_executor(), clock, log, processes, pool, {}, {}};
};

// A Value map from key/value pairs: with({{"url", url}, {"method", "HEAD"}}).
inline playbooks::Value with(
    std::initializer_list<std::pair<const char*, playbooks::Value>> entries) {
  playbooks::Value out = playbooks::Value::map();
  for (const auto& [key, value] : entries) out.set(key, value);
  return out;
}

}  // namespace unyo::testing
