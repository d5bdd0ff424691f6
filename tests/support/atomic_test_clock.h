#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include "gateway/time/clock.h"

namespace schoolgate::test {

/// A SimulatedClock that a test thread may move while another thread (an event writer) reads it: both
/// times are single atomics. Moves only when told to.
class AtomicTestClock final : public gateway::time::Clock {
public:
    explicit AtomicTestClock(WallTime start) noexcept : wall_us_(start.time_since_epoch().count()) {}

    WallTime wall_now() const noexcept override {
        return WallTime{std::chrono::microseconds{wall_us_.load()}};
    }
    gateway::time::MonotonicTime monotonic_now() const noexcept override {
        return gateway::time::MonotonicTime{} + std::chrono::microseconds{monotonic_us_.load()};
    }
    /// Sets the wall time only (a clock step); monotonic time does not move.
    void set(WallTime at) noexcept { wall_us_.store(at.time_since_epoch().count()); }
    void advance(std::chrono::microseconds by) noexcept {
        wall_us_ += by.count();
        monotonic_us_ += by.count();
    }

private:
    std::atomic<std::int64_t> wall_us_;
    std::atomic<std::int64_t> monotonic_us_{0};
};

}  // namespace schoolgate::test
