#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "common/net/mac_address.h"

namespace schoolgate::gateway::policy {

struct LinkNetworkLimits {
    /// How long a device keeps the network its IPv4 traffic came from, after its last IPv4 flow there
    /// (packet time). A device that left keeps nothing after this.
    std::uint64_t expiry_us = 4ull * 3600 * 1'000'000;
    /// A MAC heard on a second network within this time of its first is a router's (or a bridge's): it
    /// carries several networks' clients and teaches nothing until it has been on one network alone for
    /// `expiry_us`. Heard on the second network later than this, the device moved.
    std::uint64_t shared_window_us = 10ull * 60 * 1'000'000;
    std::size_t capacity = 65536;  ///< MACs remembered; when full and none expired, new ones are not learned
};

struct LinkNetworkCounters {
    std::uint64_t learned = 0;  ///< MACs that got a network
    std::uint64_t moved = 0;    ///< a MAC heard on another network after shared_window_us: it moved
    std::uint64_t shared = 0;   ///< a MAC heard on two networks within shared_window_us: it teaches nothing
    std::uint64_t full = 0;     ///< MACs not learned because the memory was full
};

/// What the engine remembers of a link-layer address: the policy network its IPv4 traffic came from, so
/// that the same device's IPv6 traffic (SLAAC, privacy addresses, prefixes the ISP delegates) is placed
/// on that network without the school listing an IPv6 prefix. Keyed by the sender's MAC, which inline
/// (NFQA_HWADDR), passive and replay (Ethernet) frames all carry. Time is the packets' own, injected.
/// Thread-safe: one memory is shared by every worker of an engine (a device's IPv4 and IPv6 flows can be
/// handled by different workers); it is touched once per flow decision, never per packet.
class LinkNetworkMemory {
public:
    explicit LinkNetworkMemory(const LinkNetworkLimits& limits = {}) : limits_(limits) {}

    /// The MAC sent IPv4 traffic from an address of `network` at `at_us`.
    void learn(const net::MacAddress& mac, const std::string& network, std::uint64_t at_us);

    enum class Known : std::uint8_t { Nothing, Shared, Network };
    struct Recall {
        Known known = Known::Nothing;
        std::string network;  ///< when known == Network
    };
    /// The network the MAC was last seen on, unless that has expired or the MAC carries several networks.
    Recall recall(const net::MacAddress& mac, std::uint64_t at_us) const;

    LinkNetworkCounters counters() const;
    std::size_t size() const;

private:
    struct Entry {
        std::string network;
        std::uint64_t last_us = 0;
        std::uint64_t shared_until_us = 0;  ///< teaches nothing before this
    };
    bool expired(const Entry& entry, std::uint64_t at_us) const noexcept {
        return at_us > entry.last_us + limits_.expiry_us && at_us >= entry.shared_until_us;
    }
    void sweep(std::uint64_t at_us);

    LinkNetworkLimits limits_;
    mutable std::mutex mutex_;
    std::map<net::MacAddress, Entry> entries_;
    LinkNetworkCounters counters_;
    std::uint64_t next_sweep_us_ = 0;
};

}  // namespace schoolgate::gateway::policy
