#include "gateway/policy/link_network_memory.h"

#include <algorithm>

namespace schoolgate::gateway::policy {

void LinkNetworkMemory::learn(const net::MacAddress& mac, const std::string& network, std::uint64_t at_us) {
    if (mac.is_zero() || network.empty()) return;
    const std::lock_guard lock(mutex_);
    if (at_us >= next_sweep_us_) sweep(at_us);
    auto it = entries_.find(mac);
    if (it == entries_.end() || expired(it->second, at_us)) {
        if (it == entries_.end() && entries_.size() >= limits_.capacity) sweep(at_us);
        if (it == entries_.end() && entries_.size() >= limits_.capacity) {
            ++counters_.full;
            return;
        }
        entries_[mac] = Entry{network, at_us, 0};
        ++counters_.learned;
        return;
    }
    auto& entry = it->second;
    // Workers hand over flows slightly out of order: an earlier packet time counts as the last one.
    const std::uint64_t last = entry.last_us;
    entry.last_us = std::max(last, at_us);
    if (entry.network == network) return;
    if (at_us <= last + limits_.shared_window_us) {
        if (entry.shared_until_us <= at_us) ++counters_.shared;  // counted once each time it turns shared
        entry.shared_until_us = entry.last_us + limits_.expiry_us;
    } else {
        ++counters_.moved;
    }
    entry.network = network;
}

LinkNetworkMemory::Recall LinkNetworkMemory::recall(const net::MacAddress& mac, std::uint64_t at_us) const {
    if (mac.is_zero()) return {};
    const std::lock_guard lock(mutex_);
    const auto it = entries_.find(mac);
    if (it == entries_.end() || expired(it->second, at_us)) return {};
    if (at_us < it->second.shared_until_us) return {Known::Shared, {}};
    if (at_us > it->second.last_us + limits_.expiry_us) return {};
    return {Known::Network, it->second.network};
}

// Called under the lock, at most once per shared window of packet time (and when full): O(MACs).
void LinkNetworkMemory::sweep(std::uint64_t at_us) {
    std::erase_if(entries_, [&](const auto& item) { return expired(item.second, at_us); });
    next_sweep_us_ = at_us + limits_.shared_window_us;
}

LinkNetworkCounters LinkNetworkMemory::counters() const {
    const std::lock_guard lock(mutex_);
    return counters_;
}

std::size_t LinkNetworkMemory::size() const {
    const std::lock_guard lock(mutex_);
    return entries_.size();
}

}  // namespace schoolgate::gateway::policy
