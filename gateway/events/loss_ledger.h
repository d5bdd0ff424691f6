#pragma once

#include <cstdint>

#include "common/time/wall_time.h"

namespace schoolgate::gateway::events {

/// Events lost for one cause since the last `gap` event for that cause was written: how many, and when the
/// first of them was lost. Plain value; the owner provides any locking.
class LossLedger {
public:
    void add(WallTime at, std::uint64_t count = 1) noexcept {
        if (lost_ == 0) since_ = at;
        lost_ += count;
    }
    /// Adds another ledger's losses (the earlier `since` wins, as `other` is usually the later one).
    void merge(const LossLedger& other) noexcept {
        if (other.lost_ == 0) return;
        if (lost_ == 0 || other.since_ < since_) since_ = other.since_;
        lost_ += other.lost_;
    }
    void clear() noexcept { lost_ = 0; }

    bool pending() const noexcept { return lost_ > 0; }
    std::uint64_t lost() const noexcept { return lost_; }
    WallTime since() const noexcept { return since_; }

private:
    std::uint64_t lost_ = 0;
    WallTime since_{};
};

}  // namespace schoolgate::gateway::events
