#pragma once

#include <atomic>
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
        current_.store(std::move(next), std::memory_order_release);
    }

private:
    std::atomic<std::shared_ptr<const PolicySnapshot>> current_;
};

}  // namespace schoolgate::gateway::policy
