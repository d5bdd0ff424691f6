#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "gateway/policy/policy_snapshot.h"

namespace schoolgate::gateway::policy {

/// Holds the live policy. Packet workers call current() once per batch and keep that snapshot until the
/// batch is done; only the control thread calls publish(), and only with a fully compiled, validated
/// snapshot, so a bad file can never replace a good one. In libstdc++ 12 the atomic shared_ptr is
/// lock-based, which is fine at once per batch.
class PolicyStore {
public:
    std::shared_ptr<const PolicySnapshot> current() const noexcept { return current_.load(std::memory_order_acquire); }
    void publish(std::shared_ptr<const PolicySnapshot> next) noexcept {
        const auto generation = next ? next->generation : 0;
        current_.store(std::move(next), std::memory_order_release);
        generation_.store(generation, std::memory_order_release);
    }
    /// The published generation: one lock-free load, cheap enough for live workers to ask per packet
    /// whether to pick up a new policy (current() itself takes a lock in libstdc++ 12).
    std::uint64_t generation() const noexcept { return generation_.load(std::memory_order_acquire); }

private:
    std::atomic<std::shared_ptr<const PolicySnapshot>> current_;
    std::atomic<std::uint64_t> generation_{0};
};

}  // namespace schoolgate::gateway::policy
