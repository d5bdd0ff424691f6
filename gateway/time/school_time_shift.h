#pragma once

#include <chrono>
#include <optional>

#include "common/time/wall_time.h"

namespace schoolgate::gateway::time {

/// Moves the time packets are stamped with (a capture's timestamps, or the clock's now for live traffic)
/// to the school time a replay, an investigation or a test asks for. The one place the shift is worked
/// out, for replay, inline and passive alike. Not thread-safe: one per packet source.
class SchoolTimeShift {
public:
    /// No shift: packets happen when they happened.
    SchoolTimeShift() = default;
    /// A fixed shift (the daemon's test-only --school-time: the clock read plus this).
    static SchoolTimeShift by(std::chrono::microseconds shift) noexcept { return SchoolTimeShift{shift, std::nullopt}; }
    /// The first time stamped falls at `first` and every later one keeps its distance from the first
    /// (`replay --school-time`); nullopt means no shift.
    static SchoolTimeShift first_packet_at(std::optional<WallTime> first) noexcept {
        return SchoolTimeShift{std::chrono::microseconds{0}, first};
    }

    /// The school time of a packet stamped `stamped`.
    WallTime apply(WallTime stamped) noexcept {
        if (first_at_) {
            shift_ = *first_at_ - stamped;
            first_at_.reset();
        }
        return stamped + shift_;
    }

private:
    SchoolTimeShift(std::chrono::microseconds shift, std::optional<WallTime> first_at) noexcept
        : shift_(shift), first_at_(first_at) {}

    std::chrono::microseconds shift_{0};
    std::optional<WallTime> first_at_;  ///< until the first packet fixes the shift
};

}  // namespace schoolgate::gateway::time
