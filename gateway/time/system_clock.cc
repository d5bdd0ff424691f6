#include "gateway/time/clock.h"

namespace schoolgate::gateway::time {

// The one place in the tree that reads the real clocks (a CI check keeps it that way).
WallTime SystemClock::wall_now() const noexcept {
    return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
}

MonotonicTime SystemClock::monotonic_now() const noexcept { return std::chrono::steady_clock::now(); }

}  // namespace schoolgate::gateway::time
