#include "classifiers/dns/address_name_cache.h"

#include <algorithm>
#include <limits>

namespace schoolgate::classifiers::dns {

namespace {

constexpr std::uint64_t kMicrosPerSecond = 1'000'000;

// Saturating, so that a packet time near the top of the range cannot wrap an entry into the past.
std::uint64_t expiry_after(std::uint64_t now_us, std::uint32_t ttl_seconds) noexcept {
    const std::uint32_t lifetime = std::clamp(ttl_seconds, AddressNameCache::kMinLifetimeSeconds,
                                              AddressNameCache::kMaxLifetimeSeconds);
    const std::uint64_t lifetime_us = std::uint64_t{lifetime} * kMicrosPerSecond;
    if (now_us > std::numeric_limits<std::uint64_t>::max() - lifetime_us) {
        return std::numeric_limits<std::uint64_t>::max();
    }
    return now_us + lifetime_us;
}

}  // namespace

AddressNameCache::AddressNameCache(std::size_t capacity) : capacity_(capacity) {
    entries_.reserve(capacity);
    insertion_ring_.reserve(capacity);
}

// Invariant: every address in entries_ appears exactly once in insertion_ring_, and the ring holds nothing
// else. Entries leave the map only by eviction here (an expired entry stays until its slot comes round),
// so a refresh of a known address keeps its slot and an evicted address that comes back takes a new one.
// A refreshed address keeps its place in the FIFO order: moving it would cost O(n) or a linked list, and
// a busy name that is evicted early is simply learnt again from the next answer.
void AddressNameCache::remember(const net::IpAddress& address, std::string_view name, std::uint64_t now_us,
                                std::uint32_t ttl_seconds) {
    if (capacity_ == 0 || name.empty() || name.size() > kMaxNameBytes) return;
    const std::uint64_t expires_us = expiry_after(now_us, ttl_seconds);

    if (auto found = entries_.find(address); found != entries_.end()) {
        found->second.name.assign(name);
        found->second.expires_us = expires_us;
        return;
    }
    if (insertion_ring_.size() < capacity_) {
        insertion_ring_.push_back(address);
    } else {
        // The ring is full, so ring_next_ is the oldest slot; its address is in the map by the invariant.
        entries_.erase(insertion_ring_[ring_next_]);
        insertion_ring_[ring_next_] = address;
        ring_next_ = (ring_next_ + 1) % capacity_;
        ++replaced_;
    }
    entries_.emplace(address, Entry{std::string{name}, expires_us});
}

std::optional<std::string_view> AddressNameCache::lookup(const net::IpAddress& address,
                                                         std::uint64_t now_us) const {
    const auto found = entries_.find(address);
    if (found == entries_.end() || now_us >= found->second.expires_us) return std::nullopt;
    return std::string_view{found->second.name};
}

}  // namespace schoolgate::classifiers::dns
