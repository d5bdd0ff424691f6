#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/net/ip_address.h"

namespace schoolgate::classifiers::dns {

/// Remembers which name a DNS answer gave for an address, so that a later connection to that address with
/// no name of its own (no SNI, no Host) can be named from DNS. Bounded: at most `capacity` addresses; when
/// full, the oldest entry is replaced (FIFO), which an attacker flooding answers can only use to forget
/// names, never to grow memory. Entries live for the answer's TTL, clamped to
/// [kMinLifetimeSeconds, kMaxLifetimeSeconds], on packet time. Every operation is O(1): the FIFO is a
/// ring of slots, and addresses are hashed with a per-cache key (the addresses in an answer are whatever
/// a pupil's own name server says, so with a fixed hash they could be chosen to share one bucket). Not
/// thread-safe: one per worker.
class AddressNameCache {
public:
    static constexpr std::uint32_t kMinLifetimeSeconds = 300;   // clients keep answers beyond short TTLs
    static constexpr std::uint32_t kMaxLifetimeSeconds = 86400;
    static constexpr std::size_t kMaxNameBytes = 253;

    explicit AddressNameCache(std::size_t capacity);

    /// `name` must already be normalised; longer than kMaxNameBytes is ignored.
    void remember(const net::IpAddress& address, std::string_view name, std::uint64_t now_us,
                  std::uint32_t ttl_seconds);
    /// The name for `address`, or std::nullopt when unknown or expired at `now_us`. The view is valid until
    /// the next remember().
    std::optional<std::string_view> lookup(const net::IpAddress& address, std::uint64_t now_us) const;

    std::size_t size() const noexcept { return entries_.size(); }
    std::size_t capacity() const noexcept { return capacity_; }
    std::uint64_t replaced() const noexcept { return replaced_; }

private:
    struct Entry {
        std::string name;
        std::uint64_t expires_us;
    };
    std::size_t capacity_;
    std::unordered_map<net::IpAddress, Entry, net::KeyedIpAddressHash> entries_;
    std::vector<net::IpAddress> insertion_ring_;  ///< FIFO order of addresses, capacity_ slots
    std::size_t ring_next_ = 0;
    std::uint64_t replaced_ = 0;
};

}  // namespace schoolgate::classifiers::dns
