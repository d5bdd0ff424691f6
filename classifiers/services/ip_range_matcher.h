#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "classifiers/services/service_id.h"
#include "common/net/cidr.h"

namespace schoolgate::classifiers::services {

/// Longest-prefix match of addresses against service IP ranges. One hash table per prefix length in use,
/// probed from the longest length down: a lookup costs at most (number of distinct lengths) probes,
/// independent of the number of ranges. Immutable after building; safe to share across threads.
class IpRangeMatcher {
public:
    /// A repeated block keeps its first service and returns false.
    bool add(const net::Cidr& block, ServiceId service);
    ServiceId match(const net::IpAddress& address) const noexcept;
    std::size_t size() const noexcept { return count_; }

private:
    struct Table {
        std::uint8_t prefix_length;
        std::unordered_map<net::IpAddress, ServiceId, net::IpAddressHash> networks;
    };
    /// Sorted by prefix length, longest first, separately per family.
    std::vector<Table> v4_;
    std::vector<Table> v6_;
    std::size_t count_ = 0;
};

}  // namespace schoolgate::classifiers::services
