#pragma once

#include <chrono>

#include "common/time/wall_time.h"

namespace schoolgate::gateway::time {

using MonotonicTime = std::chrono::steady_clock::time_point;

/// The only way control-plane code learns the time. The packet path never asks: it runs on packet
/// timestamps. SystemClock (system_clock.cc) is the only reader of the real clocks in the tree; tests use
/// SimulatedClock.
class Clock {
public:
    virtual ~Clock() = default;
    virtual WallTime wall_now() const noexcept = 0;            ///< timetable checks, reload stamps, reports
    virtual MonotonicTime monotonic_now() const noexcept = 0;  ///< intervals, rates
};

class SystemClock final : public Clock {
public:
    WallTime wall_now() const noexcept override;
    MonotonicTime monotonic_now() const noexcept override;
};

/// A clock that moves only when told to. Not thread-safe.
class SimulatedClock final : public Clock {
public:
    explicit SimulatedClock(WallTime start) noexcept : wall_(start) {}
    WallTime wall_now() const noexcept override { return wall_; }
    MonotonicTime monotonic_now() const noexcept override { return monotonic_; }
    void set(WallTime at) noexcept { wall_ = at; }
    void advance(std::chrono::microseconds by) noexcept {
        wall_ += by;
        monotonic_ += by;
    }

private:
    WallTime wall_;
    MonotonicTime monotonic_{};
};

}  // namespace schoolgate::gateway::time
