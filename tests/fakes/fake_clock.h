#pragma once

// Time that moves only when a test says so.

#include <chrono>

#include "base/clock.h"

namespace unyo::testing {

class FakeClock final : public Clock {
 public:
  // 2026-04-01T00:00:00Z, a Wednesday: a fixed, readable starting point.
  static constexpr std::chrono::seconds kDefaultStart{1775001600};

  explicit FakeClock(WallTime start = WallTime(kDefaultStart)) : wall_(start) {}

  WallTime now() const override { return wall_; }
  SteadyTime steadyNow() const override { return steady_; }

  // Moves both clocks forward.
  void advance(Duration d) {
    wall_ += std::chrono::duration_cast<WallTime::duration>(d);
    steady_ += d;
  }
  // Moves only the wall clock (an NTP step, a VM resumed): steady time is untouched.
  void jumpWall(WallTime to) { wall_ = to; }

 private:
  WallTime wall_;
  SteadyTime steady_{};
};

}  // namespace unyo::testing
