#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "gateway/identity/identity_snapshot.h"

namespace schoolgate::gateway::identity {

/// Holds the live identity snapshot, as PolicyStore holds the policy: the control thread publishes a whole
/// new snapshot; workers compare generation() (one lock-free load) between packets and take current()
/// only when it moved.
class IdentityStore {
public:
    std::shared_ptr<const IdentitySnapshot> current() const noexcept { return current_.load(std::memory_order_acquire); }
    void publish(std::shared_ptr<const IdentitySnapshot> next) noexcept {
        const auto generation = next ? next->generation() : 0;
        current_.store(std::move(next), std::memory_order_release);
        generation_.store(generation, std::memory_order_release);
    }
    std::uint64_t generation() const noexcept { return generation_.load(std::memory_order_acquire); }

private:
    std::atomic<std::shared_ptr<const IdentitySnapshot>> current_;
    std::atomic<std::uint64_t> generation_{0};
};

}  // namespace schoolgate::gateway::identity
