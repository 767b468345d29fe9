#pragma once

// The one source of time. Production code asks a Clock; tests pass a
// FakeClock (tests/fakes/fake_clock.h) and move time by hand.

#include <chrono>

namespace unyo {

class Clock {
 public:
  using WallTime = std::chrono::system_clock::time_point;
  using SteadyTime = std::chrono::steady_clock::time_point;
  using Duration = std::chrono::steady_clock::duration;

  virtual ~Clock() = default;
  virtual WallTime now() const = 0;          // wall clock, may jump
  virtual SteadyTime steadyNow() const = 0;  // monotonic, for intervals
};

class SystemClock final : public Clock {
 public:
  WallTime now() const override { return std::chrono::system_clock::now(); }
  SteadyTime steadyNow() const override { return std::chrono::steady_clock::now(); }
};

// Seconds since the Unix epoch as a double, the unit Prometheus uses.
inline double toUnixSeconds(Clock::WallTime t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

}  // namespace unyo
