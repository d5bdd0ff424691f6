#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/container/lru_map.h"
#include "common/net/keyed_hash.h"

namespace schoolgate::gateway::engine {

/// Counts blocked attempts per person (or device, or address) and says when they become "repeated":
/// `threshold` attempts within `window`. One visit makes several blocked flows (a DNS lookup, retries,
/// parallel connections), so flows to the same target within kSameAttemptUs count once. An alert is
/// raised once per window per person. Memory is bounded: at most `capacity` people, the one idle longest
/// forgotten first, in O(1): people are kept in order of their last attempt (a flood of forged addresses
/// used to make each newcomer scan everyone). Identities are hashed with a per-tracker key, so chosen ones
/// cannot share a bucket. Not thread-safe: one per worker.
class AttemptTracker {
public:
    explicit AttemptTracker(std::size_t capacity = 65536) : capacity_(capacity) {}

    struct Alert {
        std::uint32_t attempts = 0;
        std::uint64_t first_attempt_us = 0;
        std::vector<std::string> targets;  ///< distinct services or techniques tried, sorted
    };

    /// Records a blocked flow by `who` towards `target` (a service or technique name). Returns an alert
    /// when this attempt makes `threshold` within `window_us` and none was raised in the current window.
    std::optional<Alert> on_blocked(std::string_view who, std::string_view target, std::uint64_t now_us,
                                    std::uint32_t threshold, std::uint64_t window_us);

    std::size_t tracked() const noexcept { return people_.size(); }

    static constexpr std::uint64_t kSameAttemptUs = 10'000'000;
    static constexpr std::size_t kMaxRemembered = 64;  ///< attempts kept per person (thresholds above are capped)

private:
    struct Attempt {
        std::uint64_t at_us;
        std::string target;
    };
    struct Person {
        std::vector<Attempt> attempts;  ///< oldest first, at most kMaxRemembered
        std::uint64_t quiet_until_us = 0;  ///< no second alert before this
    };

    std::size_t capacity_;
    container::LruMap<std::string, Person, net::KeyedStringHash> people_;  ///< newest = latest attempt
};

}  // namespace schoolgate::gateway::engine
